"use client";

import { useQuery } from "@tanstack/react-query";
import { formatInt } from "@/components/runs/format";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { ProcessBudgets } from "@/server/analytics/budgets.presenter";
import { formatMoney, formatPercent } from "./format";

/** A bar of `used` against `cap`: amber from 80%, red at the cap. */
function Meter({ used, cap, label }: { used: number; cap: number; label: string }) {
  const share = cap > 0 ? used / cap : 0;
  return (
    <div className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-zinc-100" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={cap} aria-valuenow={used}>
      <div className={cn("h-full", share >= 1 ? "bg-red-500" : share >= 0.8 ? "bg-amber-500" : "bg-emerald-500")} style={{ width: `${Math.min(100, Math.round(share * 100))}%` }} />
    </div>
  );
}

/** The latest version's daily, run and step budgets next to today's spend (UTC day so far; not the range picked above). */
export function BudgetsCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.analytics.budgets.queryOptions({ slug }));
  return (
    <Card title="Budgets today" description="The latest version's caps against what production runs spent since 00:00 UTC (independent of the range above).">
      {data ? <Budgets b={data} /> : <div className="h-24 animate-pulse bg-zinc-50" />}
    </Card>
  );
}

function Budgets({ b }: { b: ProcessBudgets }) {
  const t = b.today;
  return (
    <div className="grid gap-4 p-5 md:grid-cols-3" data-testid="budgets">
      <div data-testid="budget-today">
        <p className="text-xs font-medium text-zinc-500">Spent today</p>
        <p className="mt-1 text-lg font-semibold tabular-nums text-zinc-900">{formatMoney(t.spendUsd)}</p>
        {b.daily ? (
          <>
            <p className="text-xs text-zinc-500">
              {formatInt(t.runs)} run{t.runs === 1 ? "" : "s"} · {formatPercent(t.spendUsd / b.daily.capUsd, 0)} of the {formatMoney(b.daily.capUsd)} daily budget
              {t.spendUsd >= b.daily.capUsd ? "; reached: new runs are refused until 00:00 UTC" : ""}
            </p>
            <Meter used={t.spendUsd} cap={b.daily.capUsd} label="Spent today against the daily budget" />
          </>
        ) : (
          <p className="text-xs text-zinc-500">
            {formatInt(t.runs)} run{t.runs === 1 ? "" : "s"} · no daily budget (set one in the process settings)
          </p>
        )}
      </div>
      <div data-testid="budget-run">
        <p className="text-xs font-medium text-zinc-500">Run budget</p>
        {b.run ? (
          <>
            <p className="mt-1 text-lg font-semibold tabular-nums text-zinc-900">
              {formatMoney(b.run.perRunUsd)} <span className="text-xs font-normal text-zinc-500">per run, on breach: {b.run.onBreach}</span>
            </p>
            <p className="text-xs text-zinc-500">
              Costliest run today {formatMoney(t.maxRunUsd)}
              {t.maxRunUsd !== null ? ` (${formatPercent(t.maxRunUsd / b.run.perRunUsd, 0)})` : ""} · {formatInt(t.runsAtCap)} reached the cap
            </p>
            <Meter used={t.maxRunUsd ?? 0} cap={b.run.perRunUsd} label="Costliest run today against the run budget" />
          </>
        ) : (
          <p className="mt-1 text-sm text-zinc-500">None: runs are not capped{b.version ? ` (version ${b.version})` : ""}.</p>
        )}
      </div>
      <div data-testid="budget-steps">
        <p className="text-xs font-medium text-zinc-500">Step budgets</p>
        {b.steps.length ? (
          <ul className="mt-1 space-y-2">
            {b.steps.map((s) => (
              <li key={s.nodeId} className="text-xs text-zinc-600" data-testid="budget-step" data-node-id={s.nodeId}>
                <span className="font-medium text-zinc-900">{s.name}</span> {formatMoney(s.capUsd)} per execution · costliest today {formatMoney(s.maxExecutionUsd)} · {formatInt(s.atCap)} of{" "}
                {formatInt(s.executions)} at the cap
                <Meter used={s.maxExecutionUsd ?? 0} cap={s.capUsd} label={`Costliest ${s.name} today against its budget`} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm text-zinc-500">No step has a budget.</p>
        )}
      </div>
    </div>
  );
}
