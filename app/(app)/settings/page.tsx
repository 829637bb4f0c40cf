import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Settings" };

export default async function Page() {
  const user = await requireSessionUser();
  // Every role reads the runtime settings (read-only unless admin); secrets and access are admin-only.
  prefetch(trpc.settings.tiers.get.queryOptions());
  prefetch(trpc.settings.providers.list.queryOptions());
  prefetch(trpc.settings.prices.list.queryOptions());
  if (user.role === "admin") {
    prefetch(trpc.settings.secrets.list.queryOptions());
    prefetch(trpc.notifications.list.queryOptions());
    prefetch(trpc.apiKeys.list.queryOptions());
    prefetch(trpc.users.list.queryOptions());
  }
  return (
    <HydrateClient>
      <SettingsPage user={user} />
    </HydrateClient>
  );
}
