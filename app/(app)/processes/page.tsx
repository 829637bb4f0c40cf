import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { ProcessesPage } from "@/components/processes/processes-page";

export const metadata: Metadata = { title: "Processes" };

export default async function Page() {
  const user = await requireSessionUser();
  prefetch(trpc.processes.list.queryOptions());
  return (
    <HydrateClient>
      <ProcessesPage canEdit={user.role !== "reviewer"} />
    </HydrateClient>
  );
}
