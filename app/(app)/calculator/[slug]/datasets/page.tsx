import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { DatasetsPage } from "@/components/calculator/datasets/datasets-page";

export const metadata: Metadata = { title: "Dataset runs" };

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  await requireSessionUser();
  const { slug } = await params;
  prefetch(trpc.processes.list.queryOptions());
  prefetch(trpc.datasets.list.queryOptions({ slug }));
  prefetch(trpc.datasets.runs.queryOptions({ slug }));
  return (
    <HydrateClient>
      <DatasetsPage slug={slug} />
    </HydrateClient>
  );
}
