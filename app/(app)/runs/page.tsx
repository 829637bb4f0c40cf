import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { RunsPage } from "@/components/runs/runs-page";
import { loadRunsSearchParams, runsListInput } from "@/components/runs/search-params";

export const metadata: Metadata = { title: "Runs" };

export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireSessionUser();
  prefetch(trpc.runs.list.queryOptions(runsListInput(await loadRunsSearchParams(searchParams))));
  return (
    <HydrateClient>
      <RunsPage userRole={user.role} />
    </HydrateClient>
  );
}
