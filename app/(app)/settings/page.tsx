import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Settings" };

export default async function Page() {
  const user = await requireSessionUser();
  if (user.role === "admin") {
    prefetch(trpc.apiKeys.list.queryOptions());
    prefetch(trpc.users.list.queryOptions());
  }
  return (
    <HydrateClient>
      <SettingsPage user={user} />
    </HydrateClient>
  );
}
