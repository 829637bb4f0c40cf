"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { Suspense, useTransition } from "react";
import { formatDuration, formatInt } from "@/components/runs/format";
import { TableSkeleton } from "@/components/runs/skeleton";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { AnalyticsIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { formatMoney, formatPercent } from "./format";
import { RangeControls } from "./range-controls";
import { analyticsSearchParams, windowInput, type AnalyticsFilter } from "./search-params";

/** /analytics: every process with its headline figures for the chosen range. */
export function AnalyticsPage() {
  const [isPending, startTransition] = useTransition();
  const [filter] = useQueryStates(analyticsSearchParams);
  return (
    <div className="space-y-6">
      <PageHeader title="Analytics" description="Latency, cost, error and escalation rates per step, across runs and versions." />
      <Card title="Processes" description="Open a process for its charts and per-step figures." actions={<RangeControls startTransition={startTransition} />}>
        <div aria-busy={isPending} className={cn("transition-opacity", isPending && "opacity-50")}>
          <Suspense fallback={<TableSkeleton />}>
            <Overview filter={filter} />
          </Suspense>
        </div>
      </Card>
    </div>
  );
}

function Overview({ filter }: { filter: AnalyticsFilter }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.overview.queryOptions(windowInput(filter)));
  if (data.processes.length === 0) {
    return <EmptyState icon={AnalyticsIcon} title="No processes yet" description="Import or create a process, publish it and run it to see figures here." />;
  }
  const query = (slug: string) => `/analytics/${slug}?${new URLSearchParams(Object.entries({ range: filter.range, ...(filter.from ? { from: filter.from.toISOString() } : {}), ...(filter.to ? { to: filter.to.toISOString() } : {}) })).toString()}`;
  return (
    <Table aria-label="Processes">
      <thead>
        <tr>
          <Th>Process</Th>
          <Th className="text-right">Runs</Th>
          <Th className="text-right">Success</Th>
          <Th className="text-right">Cost</Th>
          <Th className="text-right">Cost / run</Th>
          <Th className="text-right">p95 duration</Th>
        </tr>
      </thead>
      <tbody>
        {data.processes.map((p) => (
          <tr key={p.slug} data-testid="analytics-process-row" data-slug={p.slug}>
            <Td>
              <Link href={query(p.slug)} className="font-medium text-zinc-900 hover:underline">
                {p.name}
              </Link>
              <span className="ml-1.5 text-xs text-zinc-400">{p.latestVersion ? `v${p.latestVersion}` : "draft"}</span>
            </Td>
            <Td className="text-right tabular-nums">{formatInt(p.runs)}</Td>
            <Td className="text-right tabular-nums">{formatPercent(p.successRate)}</Td>
            <Td className="text-right font-mono text-xs tabular-nums">{formatMoney(p.costUsd)}</Td>
            <Td className="text-right font-mono text-xs tabular-nums">{formatMoney(p.costPerRunUsd)}</Td>
            <Td className="text-right tabular-nums">{formatDuration(p.p95DurationMs)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
