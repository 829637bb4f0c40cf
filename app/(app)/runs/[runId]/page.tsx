import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { requireSessionUser } from "@/server/auth";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { RunDetailPage } from "@/components/runs/run-detail-page";

type Params = { params: Promise<{ runId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Run ${(await params).runId}` };
}

export default async function Page({ params }: Params) {
  const user = await requireSessionUser();
  const { runId } = await params;
  try {
    // Both queries the page suspends on: a query not prefetched here would be fetched during the server
    // render, where the tRPC client has no server to call.
    const client = getQueryClient();
    await Promise.all([client.fetchQuery(trpc.runs.get.queryOptions({ runId })), client.fetchQuery(trpc.runs.graph.queryOptions({ runId }))]);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  prefetch(trpc.runs.graph.queryOptions({ runId }));
  return (
    <HydrateClient>
      <RunDetailPage runId={runId} userRole={user.role} />
    </HydrateClient>
  );
}
