import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { NewProcessPage } from "@/components/designer/new-process-page";
import { redirect } from "next/navigation";

export const metadata: Metadata = { title: "New process" };

export default async function Page() {
  const user = await requireSessionUser();
  // Reviewers read processes but do not make them.
  if (user.role === "reviewer") redirect("/processes");
  prefetch(trpc.processes.validationContext.queryOptions());
  prefetch(trpc.settings.prices.list.queryOptions());
  return (
    <HydrateClient>
      <NewProcessPage />
    </HydrateClient>
  );
}
