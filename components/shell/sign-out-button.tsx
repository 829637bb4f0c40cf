"use client";

import { useTransition } from "react";
import { authClient } from "@/components/auth/auth-client";
import { Button } from "@/components/ui/button";
import { SignOutIcon } from "@/components/ui/icons";

export function SignOutButton() {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          await authClient.signOut();
          window.location.assign("/sign-in");
        })
      }
    >
      <SignOutIcon className="size-3.5" />
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
