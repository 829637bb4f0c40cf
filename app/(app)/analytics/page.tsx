import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { AnalyticsPage } from "@/components/analytics/analytics-page";
import { loadAnalyticsSearchParams, windowInput } from "@/components/analytics/search-params";

export const metadata: Metadata = { title: "Analytics" };

export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireSessionUser();
  prefetch(trpc.analytics.overview.queryOptions(windowInput(await loadAnalyticsSearchParams(searchParams))));
  return (
    <HydrateClient>
      <AnalyticsPage />
    </HydrateClient>
  );
}
