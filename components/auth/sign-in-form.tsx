"use client";

import { useActionState } from "react";
import { authClient } from "./auth-client";
import { safeReturnPath } from "./return-path";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

type State = { error: string | null; email: string };

function messageFor(error: { status?: number; code?: string; message?: string }): string {
  if (error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD") {
    return "Wrong email or password. Check both and try again.";
  }
  if (error.status === 429) {
    // The per-account back-off says how long to wait; the per-IP limit does not.
    return error.message?.startsWith("Too many wrong passwords") ? error.message : "Too many sign-in attempts. Wait a minute, then try again.";
  }
  if (error.status === 403) return "Sign-in was refused for this address. Open Baton from its configured URL and try again.";
  if (error.status === 400) return error.message ?? "Enter a valid email address and your password.";
  return "Baton could not sign you in right now. Try again in a moment.";
}

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<State, FormData>(
    async (_prev, form) => {
      const email = String(form.get("email") ?? "").trim();
      const password = String(form.get("password") ?? "");
      if (!email || !password) return { error: "Enter your email and password.", email };
      try {
        const { error } = await authClient.signIn.email({ email, password });
        if (error) return { error: messageFor(error), email };
      } catch {
        return { error: "Cannot reach Baton. Check your connection and try again.", email };
      }
      // A full navigation so the server renders the shell with the new session cookie.
      // Checked again against the real origin: `next` arrives from the URL (no open redirects).
      window.location.assign(safeReturnPath(next, window.location.origin));
      return { error: null, email };
    },
    { error: null, email: "" },
  );

  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      <Field label="Email" htmlFor="email">
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          defaultValue={state.email}
          placeholder="you@company.com"
        />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
