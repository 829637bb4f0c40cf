import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { requireSessionUser } from "@/server/auth";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { ProcessDetailPage } from "@/components/processes/process-detail-page";
import { recentRunsInput } from "@/components/processes/recent-runs-input";

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function Page({ params }: Params) {
  const user = await requireSessionUser();
  const { slug } = await params;
  prefetch(trpc.runs.list.queryOptions(recentRunsInput(slug)));
  try {
    await getQueryClient().fetchQuery(trpc.processes.get.queryOptions({ slug }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <HydrateClient>
      <ProcessDetailPage slug={slug} userRole={user.role} />
    </HydrateClient>
  );
}
