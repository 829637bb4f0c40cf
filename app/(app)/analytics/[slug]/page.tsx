import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { SearchParams } from "nuqs/server";
import { TRPCError } from "@trpc/server";
import { requireSessionUser } from "@/server/auth";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { ProcessAnalyticsPage } from "@/components/analytics/process-analytics-page";
import { loadAnalyticsSearchParams, processInput } from "@/components/analytics/search-params";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Analytics · ${(await params).slug}` };
}

export default async function Page({ params, searchParams }: Props) {
  await requireSessionUser();
  const { slug } = await params;
  const filter = await loadAnalyticsSearchParams(searchParams);
  const input = processInput(slug, filter);
  prefetch(trpc.analytics.nodes.queryOptions(input));
  try {
    await getQueryClient().fetchQuery(trpc.analytics.process.queryOptions(input));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <HydrateClient>
      <ProcessAnalyticsPage slug={slug} />
    </HydrateClient>
  );
}
