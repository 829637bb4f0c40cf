import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { requireSessionUser } from "@/server/auth";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/server";
import { CalculatorPage } from "@/components/calculator/calculator-page";
import { calculatorInputOf, loadCalculatorSearchParams } from "@/components/calculator/search-params";

export const metadata: Metadata = { title: "Calculator" };

export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireSessionUser();
  const q = await loadCalculatorSearchParams(searchParams);
  prefetch(trpc.processes.list.queryOptions());
  if (q.process) prefetch(trpc.calculator.get.queryOptions(calculatorInputOf(q.process, q.version)));
  if (q.dataset) prefetch(trpc.datasets.run.queryOptions({ id: q.dataset }));
  return (
    <HydrateClient>
      <CalculatorPage />
    </HydrateClient>
  );
}
