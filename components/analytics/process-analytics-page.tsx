"use client";

import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { Suspense, useTransition } from "react";
import { BackLink } from "@/components/runs/back-link";
import { formatDuration, formatInt } from "@/components/runs/format";
import { runsHref } from "@/components/runs/search-params";
import { TableSkeleton } from "@/components/runs/skeleton";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import type { ProcessAnalytics } from "@/server/analytics/analytics.schema";
import { formatCompact, formatMoney, formatPercent } from "./format";
import { BudgetsCard } from "./budgets-card";
import { HeatMap } from "./heat-map";
import { HumanTable, NodeTable } from "./node-table";
import { RangeControls } from "./range-controls";
import { CostChart, RunsChart } from "./runs-chart";
import { analyticsSearchParams, processInput, type AnalyticsFilter } from "./search-params";

/** /analytics/{slug}: headline figures, charts with publish markers, per-node and per-model tables. */
export function ProcessAnalyticsPage({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [isPending, startTransition] = useTransition();
  const [filter] = useQueryStates(analyticsSearchParams);
  // The version list does not depend on the range: read it from the all-versions query.
  const { data: all } = useQuery(trpc.analytics.process.queryOptions(processInput(slug, { ...filter, version: null })));
  return (
    <div className="space-y-6">
      <BackLink href="/analytics">Analytics</BackLink>
      <PageHeader
        title={all?.scope.processName ?? slug}
        description="Per-step cost, latency and errors. Click a bar or a node to open exactly those runs."
        actions={
          <Link href={`/calculator?process=${slug}`} className={buttonClasses({ variant: "secondary" })}>
            Project cost
          </Link>
        }
      />
      <RangeControls versions={all?.versions.map((v) => v.version)} startTransition={startTransition} />
      <div aria-busy={isPending} className={cn("space-y-6 transition-opacity", isPending && "opacity-50")}>
        <Suspense fallback={<TableSkeleton />}>
          <Figures slug={slug} filter={filter} />
        </Suspense>
      </div>
    </div>
  );
}

function Stat({ label, value, href, testId }: { label: string; value: string; href?: string; testId?: string }) {
  const body = <p className="mt-1 text-lg font-semibold tabular-nums text-zinc-900">{value}</p>;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs" data-testid={testId}>
      <p className="text-xs font-medium text-zinc-500">{label}</p>
      {href ? <Link href={href} className="hover:underline">{body}</Link> : body}
    </div>
  );
}

function Figures({ slug, filter }: { slug: string; filter: AnalyticsFilter }) {
  const trpc = useTRPC();
  const input = processInput(slug, filter);
  const { data: a } = useSuspenseQuery(trpc.analytics.process.queryOptions(input));
  const { data: nodes } = useSuspenseQuery(trpc.analytics.nodes.queryOptions(input));
  const csv = useQuery({ ...trpc.analytics.nodesCsv.queryOptions(input), enabled: false });
  const f = a.figures;
  const s = a.scope;
  const runs = (extra: { status?: string } = {}) => runsHref({ process: s.process, version: s.version, from: s.from, to: s.to, ...extra });
  const download = async () => {
    const { data } = await csv.refetch();
    if (!data) return;
    const url = URL.createObjectURL(new Blob([data.csv], { type: "text/csv" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: data.filename });
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8">
        <Stat label="Runs" value={formatInt(f.runs)} href={runs()} testId="stat-runs" />
        <Stat label="Success rate" value={formatPercent(f.successRate)} href={runs({ status: "completed" })} />
        <Stat label="Failed" value={formatInt(f.failed)} href={runs({ status: "failed" })} />
        <Stat label="Escalation rate" value={formatPercent(f.escalationRate)} />
        <Stat label="Duration p50 / p95" value={`${formatDuration(f.durationMs.p50)} / ${formatDuration(f.durationMs.p95)}`} />
        <Stat label="Cost" value={formatMoney(f.costUsd)} testId="stat-cost" />
        <Stat label="Cost / run · / success" value={`${formatMoney(f.costPerRunUsd)} · ${formatMoney(f.costPerSuccessUsd)}`} />
        <Stat label="Tokens in / out" value={`${formatCompact(f.inputTokens)} / ${formatCompact(f.outputTokens)}`} />
      </div>
      {f.unpricedCalls > 0 ? (
        <p className="text-sm text-amber-800" data-testid="unpriced-warning">
          {f.unpricedCalls} model call{f.unpricedCalls === 1 ? "" : "s"} used a model with no price: the costs shown leave them out. Add the model in Settings → Models.
        </p>
      ) : null}
      <BudgetsCard slug={slug} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Runs over time" description={`Per ${s.bucket} (UTC), by status; dashed lines mark published versions.`}>
          <div className="p-4">
            <RunsChart a={a} />
          </div>
        </Card>
        <Card title={`Cost per ${s.bucket}`} description="What the runs started in each period cost.">
          <div className="p-4">
            <CostChart a={a} />
          </div>
        </Card>
      </div>
      <Card
        title="On the graph"
        description="Each node painted by the figure you pick; reach of routers and ends comes from branch frequencies. Click a node for the runs that passed through it."
      >
        <HeatMap data={nodes} version={s.version ?? a.versions.at(-1)?.version ?? null} />
      </Card>
      <Card
        title="Per node"
        description="Keyed by node id across versions. Sort by any column; open a node for the runs that passed through it."
        actions={
          <button type="button" className={buttonClasses({ variant: "secondary", size: "sm" })} onClick={() => void download()}>
            Export CSV
          </button>
        }
      >
        {nodes.nodes.length ? <NodeTable data={nodes} /> : <p className="px-5 py-4 text-sm text-zinc-500">No steps ran in this range.</p>}
      </Card>
      <Card title="Human steps" description="Decisions by type, time to decision and SLA breaches.">
        <HumanTable data={nodes} />
      </Card>
      <Card title="By model" description="Spend, calls and tokens per model in this range.">
        <ModelTable a={a} />
      </Card>
    </>
  );
}

function ModelTable({ a }: { a: ProcessAnalytics }) {
  if (!a.models.length) return <p className="px-5 py-4 text-sm text-zinc-500">No model calls in this range.</p>;
  return (
    <Table aria-label="Spend by model">
      <thead>
        <tr>
          <Th>Model</Th>
          <Th>Provider</Th>
          <Th className="text-right">Calls</Th>
          <Th className="text-right">Cost</Th>
          <Th className="text-right">Input (cached)</Th>
          <Th className="text-right">Output</Th>
        </tr>
      </thead>
      <tbody>
        {a.models.map((m) => (
          <tr key={m.model} data-testid="model-row">
            <Td className="font-mono text-xs">{m.model}</Td>
            <Td className="text-zinc-500">{m.provider ?? "—"}</Td>
            <Td className="text-right tabular-nums">{formatInt(m.calls)}</Td>
            <Td className="text-right font-mono text-xs tabular-nums">
              {m.unpricedCalls > 0 ? <Badge tone="amber">unpriced: cost unknown</Badge> : formatMoney(m.costUsd)}
            </Td>
            <Td className="text-right tabular-nums">
              {formatCompact(m.inputTokens)} ({formatCompact(m.cachedInputTokens)})
            </Td>
            <Td className="text-right tabular-nums">{formatCompact(m.outputTokens)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
