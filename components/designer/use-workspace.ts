"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ModelInfo } from "@/components/graph";
import { useTRPC } from "@/components/trpc/client";

/** What the designer needs from the workspace: the validation context and model prices for the cards. */
export function useWorkspace() {
  const trpc = useTRPC();
  const { data: ctx } = useSuspenseQuery(trpc.processes.validationContext.queryOptions());
  const { data: prices } = useSuspenseQuery(trpc.settings.prices.list.queryOptions());
  const models = useMemo<ModelInfo>(
    () => ({ tiers: ctx.tiers, prices: Object.fromEntries(prices.map((p) => [p.model, { input: p.inputPerM, output: p.outputPerM }])) }),
    [ctx.tiers, prices],
  );
  return { ctx, models };
}
