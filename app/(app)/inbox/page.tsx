import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { InboxPage } from "@/components/inbox/inbox-page";
import { escalationsListInput, loadInboxSearchParams } from "@/components/inbox/search-params";

export const metadata: Metadata = { title: "Inbox" };

export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireSessionUser();
  const { status, scope, assignee } = await loadInboxSearchParams(searchParams);
  prefetch(trpc.escalations.inbox.queryOptions(escalationsListInput(status, scope, assignee)));
  return (
    <HydrateClient>
      <InboxPage />
    </HydrateClient>
  );
}
