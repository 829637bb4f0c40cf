"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { blendedPerM, downgradeCandidates, projectProcess, strongBaseline, tokenMix, type ProjectionContext } from "@/core";
import { formatMoney, formatPercent } from "@/components/analytics/format";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { ProjectionTable, type Override } from "./projection-table";
import type { CalculatorContext } from "@/server/analytics/calculator.presenter";
import { calculatorInputOf } from "./search-params";

function NumberField({ id, label, value, onChange, step = 1 }: { id: string; label: string; value: number; onChange: (v: number) => void; step?: number }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-500">
        {label}
      </label>
      <Input id={id} type="number" min={0} step={step} className="h-8 max-w-36" value={value} onChange={(e) => onChange(Math.max(0, Number(e.target.value) || 0))} />
    </div>
  );
}

function Tile({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs" data-testid={testId}>
      <p className="text-xs font-medium text-zinc-500">{label}</p>
      <p className="mt-1 text-lg font-semibold tabular-nums text-zinc-900" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </p>
      {sub ? <p className="text-xs text-zinc-500">{sub}</p> : null}
    </div>
  );
}

export function Calculator({ slug, version, dataset }: { slug: string; version: string | null; dataset: string | null }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.calculator.get.queryOptions(calculatorInputOf(slug, version)));
  return dataset ? <FromDataset data={data} datasetRunId={dataset} /> : <CalculatorView data={data} />;
}

/** "Use in projection" from a dataset run: its per-node observations replace the runs' (or the graph's guesses). */
function FromDataset({ data, datasetRunId }: { data: CalculatorContext; datasetRunId: string }) {
  const trpc = useTRPC();
  const { data: run } = useSuspenseQuery(trpc.datasets.run.queryOptions({ id: datasetRunId }));
  const note = `Projected from dataset run ${run.id} (${run.datasetName}, ${run.target}, ${run.results.finished} finished run${run.results.finished === 1 ? "" : "s"}): reach from the paths its runs took, tokens per node from its calls; nodes it never reached are projected from the graph.`;
  return <CalculatorView data={{ ...data, observed: run.results.observed }} note={note} />;
}

function CalculatorView({ data, note }: { data: CalculatorContext; note?: string }) {
  const [runsPerMonth, setRuns] = useState(10_000);
  const [reviewMinutes, setMinutes] = useState(5);
  const [hourlyRate, setRate] = useState(40);
  const [loops, setLoops] = useState<Record<string, number>>({});
  const [overrides, setOverrides] = useState<Record<string, Override>>({});
  const [share, setShare] = useState(95);
  const [minReviewed, setMinReviewed] = useState(20);
  const [inputShare, setInputShare] = useState<number | null>(null);

  const ctx: ProjectionContext = data;
  const options = { runsPerMonth, reviewMinutes, hourlyRate, loopIterations: loops };
  const base = projectProcess(ctx, options);
  const changed = projectProcess(ctx, { ...options, overrides });
  const baseline = strongBaseline(ctx, options);
  const candidates = downgradeCandidates(ctx, options, data.reviews, { minApprovedShare: share / 100, minReviewed });
  const mix = tokenMix(base);
  const shareIn = inputShare === null ? mix.inputShare : inputShare / 100;
  const delta = changed.totalPerRun - base.totalPerRun;
  const loopNodes = data.graph.nodes.filter((n) => n.kind === "loop");
  const usedModels = [...new Set([...Object.values(data.tiers), ...base.nodes.flatMap((n) => (n.model ? [n.model] : []))])].sort();
  const unpriced = [...new Set([...base.unpricedModels, ...changed.unpricedModels])];

  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-500" data-testid="calc-source">
        {note ?? (data.source === "draft"
          ? "Projected from the draft graph: router branches weighted evenly, loops at the iterations you set, tokens from prompt and schema sizes."
          : data.runs > 0
            ? `Version ${data.source}: projected from its ${data.runs} run${data.runs === 1 ? "" : "s"} in the last 90 days (nodes that never ran are projected from the graph).`
            : `Version ${data.source} has no runs yet: projected from its graph.`)}
      </p>
      <div className="flex flex-wrap gap-4">
        <NumberField id="calc-volume" label="Runs per month" value={runsPerMonth} onChange={setRuns} step={100} />
        <NumberField id="calc-minutes" label="Review minutes per escalation" value={reviewMinutes} onChange={setMinutes} />
        <NumberField id="calc-rate" label="Reviewer $ per hour" value={hourlyRate} onChange={setRate} />
        {loopNodes.map((l) => (
          <NumberField key={l.id} id={`calc-loop-${l.id}`} label={`Iterations of ${l.name}`} value={loops[l.id] ?? 1} onChange={(v) => setLoops({ ...loops, [l.id]: v })} />
        ))}
      </div>
      {unpriced.length ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="calc-unpriced">
          No price for {unpriced.join(", ")}: those steps are left out of the totals (not counted as $0). Add prices in Settings → Models.
        </p>
      ) : null}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Tile label="Projected cost per run" value={formatMoney(changed.perRun)} sub={`p10 ${formatMoney(changed.low)} – p90 ${formatMoney(changed.high)}`} testId="calc-per-run" />
        <Tile label="Human review per run" value={formatMoney(changed.reviewPerRun)} sub={`${changed.escalationsPerRun.toFixed(2)} escalations per run`} />
        <Tile label="Per month (incl. review)" value={formatMoney(changed.monthly)} sub={`at ${runsPerMonth.toLocaleString("en")} runs`} testId="calc-monthly" />
        <Tile label="What-if change" value={Object.keys(overrides).length ? `${delta > 0 ? "+" : ""}${formatMoney(delta)} / run` : "—"} sub={Object.keys(overrides).length ? `${delta > 0 ? "+" : ""}${formatMoney(delta * runsPerMonth)} / month` : "Pick another model for a node below"} testId="calc-delta" />
        <Tile
          label={`One strong model everywhere (${baseline.model})`}
          value={formatMoney(baseline.baselinePerRun)}
          sub={baseline.saving === null ? "strong model unpriced" : `routing saves ${formatPercent(baseline.saving)}`}
          testId="calc-baseline"
        />
      </div>
      {data.graph.settings?.budget ? (
        <p className="text-sm text-zinc-600" data-testid="calc-budget">
          Run budget {formatMoney(data.graph.settings.budget.perRunUsd)} (on breach: {data.graph.settings.budget.onBreach}): the projected run is{" "}
          {formatPercent(changed.perRun / data.graph.settings.budget.perRunUsd, 0)} of it, its p90 {formatPercent(changed.high / data.graph.settings.budget.perRunUsd, 0)}.
        </p>
      ) : null}
      <Card title="Per node" description="P(reach) × calls per reach × tokens × price, with the p10–p90 band. Change a node's model to see the difference.">
        <ProjectionTable base={base} changed={changed} overrides={overrides} tiers={data.tiers} models={Object.keys(data.prices).sort()} onOverride={(id, o) => {
          const next = { ...overrides };
          if (o) next[id] = o;
          else delete next[id];
          setOverrides(next);
        }} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Downgrade candidates"
          description="Steps reviewers approved as is often enough, where a cheaper tier exists."
          actions={
            <div className="flex gap-3">
              <NumberField id="calc-share" label="Approved as is ≥ %" value={share} onChange={(v) => setShare(Math.min(100, v))} />
              <NumberField id="calc-min-reviews" label="of at least N reviews" value={minReviewed} onChange={setMinReviewed} />
            </div>
          }
        >
          {candidates.length ? (
            <Table aria-label="Downgrade candidates">
              <thead>
                <tr>
                  <Th>Node</Th>
                  <Th>Switch</Th>
                  <Th className="text-right">Approved as is</Th>
                  <Th className="text-right">Edited</Th>
                  <Th className="text-right">Rejected</Th>
                  <Th className="text-right">Shadow agreement</Th>
                  <Th className="text-right">Saving / month</Th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.nodeId} data-testid="downgrade-row">
                    <Td>{c.nodeId}</Td>
                    <Td className="text-xs">
                      {c.fromModel} → {c.toModel} ({c.toTier})
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatPercent(c.approvedShare)} of {c.reviewed}
                    </Td>
                    <Td className="text-right tabular-nums" data-testid="downgrade-edited">{c.editedShare === null ? "—" : formatPercent(c.editedShare)}</Td>
                    <Td className="text-right tabular-nums" data-testid="downgrade-rejected">{c.rejectedShare === null ? "—" : formatPercent(c.rejectedShare)}</Td>
                    <Td className="text-right tabular-nums text-xs">{c.shadowAgreement === null ? "no shadow data" : formatPercent(c.shadowAgreement)}</Td>
                    <Td className="text-right font-mono text-xs tabular-nums">{formatMoney(c.savingPerMonth)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : (
            <p className="px-5 py-4 text-sm text-zinc-500">
              No step qualifies yet: it needs at least {minReviewed} reviews with {share}% approved as is, and a cheaper tier.
            </p>
          )}
        </Card>
        <Card
          title="Blended $ per 1M tokens"
          description={`At ${formatPercent(shareIn, 0)} input (${inputShare === null ? "this process's mix" : "your mix"}).`}
          actions={<NumberField id="calc-mix" label="Input share %" value={Math.round(shareIn * 100)} onChange={(v) => setInputShare(Math.min(100, v))} />}
        >
          <Table aria-label="Blended rates">
            <thead>
              <tr>
                <Th>Model</Th>
                <Th className="text-right">$ / 1M blended</Th>
              </tr>
            </thead>
            <tbody>
              {usedModels.map((m) => (
                <tr key={m}>
                  <Td className="font-mono text-xs">{m}</Td>
                  <Td className="text-right font-mono text-xs tabular-nums">{data.prices[m] ? formatMoney(blendedPerM(data.prices[m]!, shareIn, mix.cachedShare)) : "unpriced"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </div>
  );
}
