import type { ReactNode } from "react";
import { requireSessionUser } from "@/server/auth";
import { AppShell } from "@/components/shell/app-shell";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { TRPCReactProvider } from "@/components/trpc/client";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser();
  return (
    <NuqsAdapter>
      <TRPCReactProvider>
        <AppShell user={user}>{children}</AppShell>
      </TRPCReactProvider>
    </NuqsAdapter>
  );
}
