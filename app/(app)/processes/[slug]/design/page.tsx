import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { requireSessionUser } from "@/server/auth";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { ProcessDesigner } from "@/components/designer/process-designer";

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Design ${(await params).slug}` };
}

export default async function Page({ params }: Params) {
  const user = await requireSessionUser();
  const { slug } = await params;
  prefetch(trpc.processes.validationContext.queryOptions());
  prefetch(trpc.settings.prices.list.queryOptions());
  try {
    await getQueryClient().fetchQuery(trpc.processes.get.queryOptions({ slug }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <HydrateClient>
      <ProcessDesigner slug={slug} canEdit={user.role !== "reviewer"} />
    </HydrateClient>
  );
}
