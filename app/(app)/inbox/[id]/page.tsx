import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { requireSessionUser } from "@/server/auth";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { EscalationDetailPage } from "@/components/inbox/escalation-detail-page";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Escalation ${(await params).id}` };
}

export default async function Page({ params }: Params) {
  const user = await requireSessionUser();
  const { id } = await params;
  try {
    await getQueryClient().fetchQuery(trpc.escalations.get.queryOptions({ id }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  prefetch(trpc.escalations.caseFile.queryOptions({ id }));
  return (
    <HydrateClient>
      <EscalationDetailPage id={id} userId={user.id} userRole={user.role} />
    </HydrateClient>
  );
}
