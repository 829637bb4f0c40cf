"use client";

import { Fragment, useState } from "react";
import type { RunView } from "@/server/runs/runs.schema";
import { Table, Td, Th } from "@/components/ui/table";
import { describeError } from "./describe-error";
import { formatDuration, formatInt } from "./format";
import { JsonBlock } from "./json-block";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "./status-badge";
import { StepCost } from "./step-cost";

type Step = RunView["steps"][number];

const stepKey = (s: Step) => `${s.reusedFromRunId ?? ""}:${s.stepId}#${s.attempt}`;

/** `onSelect`: a row opens the step panel for its node; without it the row's data opens in place. */
export function StepsTable({ steps, totalCostUsd, onSelect }: { steps: Step[]; totalCostUsd: number; onSelect?: (nodeId: string) => void }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  if (steps.length === 0) {
    return <p className="px-5 py-8 text-center text-sm text-zinc-500">No steps recorded yet. The run has not started a step.</p>;
  }

  return (
    <Table aria-label="Steps">
      <thead>
        <tr>
          <Th>Node</Th>
          <Th className="text-right">Attempt</Th>
          <Th>Status</Th>
          <Th>Provider / model</Th>
          <Th className="text-right">In tokens</Th>
          <Th className="text-right">Out tokens</Th>
          <Th className="text-right">Cost</Th>
          <Th className="text-right">Latency</Th>
          <Th>Error</Th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => {
          const key = stepKey(step);
          const open = expanded.has(key);
          const error = describeError(step.error);
          // Reused rows were billed to the run they came from, not to this one.
          const share = totalCostUsd > 0 && !step.reused ? step.costUsd / totalCostUsd : 0;
          return (
            <Fragment key={key}>
              <tr
                data-testid="step-row"
                data-node-id={step.nodeId}
                data-reused={step.reused ? "true" : undefined}
                className={`cursor-pointer hover:bg-zinc-50${step.reused ? " text-zinc-500" : ""}`}
                aria-expanded={onSelect ? undefined : open}
                onClick={() => (onSelect ? onSelect(step.nodeId) : toggle(key))}
              >
                <Td>
                  <button type="button" className="text-left" aria-label={onSelect ? `Show details of ${step.nodeId}` : `${open ? "Hide" : "Show"} data of ${step.nodeId}`}>
                    <span className="font-mono text-xs font-medium text-zinc-900">{step.nodeId}</span>
                    <span className="ml-1.5 text-xs text-zinc-400">{step.kind}</span>
                  </button>
                  {step.reused ? (
                    <span className="ml-1.5" title={`Result reused from ${step.reusedFromRunId ?? "an earlier run"}; not executed or billed again`}>
                      <Badge tone="blue">reused</Badge>
                    </span>
                  ) : null}
                </Td>
                <Td className="text-right tabular-nums">{step.attempt}</Td>
                <Td>
                  <StatusBadge status={step.status} />
                </Td>
                <Td className="text-xs">
                  {step.provider || step.model ? (
                    <>
                      <span className="text-zinc-500">{step.provider ?? "—"}</span>
                      <span className="text-zinc-300"> / </span>
                      <span className="font-mono text-zinc-800">{step.model ?? "—"}</span>
                    </>
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                </Td>
                <Td className="text-right tabular-nums">
                  {formatInt(step.inputTokens)}
                  {step.cachedInputTokens ? <span className="block text-xs text-zinc-400">{formatInt(step.cachedInputTokens)} cached</span> : null}
                </Td>
                <Td className="text-right tabular-nums">{formatInt(step.outputTokens)}</Td>
                <Td className="text-right font-mono text-xs tabular-nums">
                  <StepCost step={step} />
                  {share > 0 ? (
                    <span className="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-zinc-400" title="Share of the run's cost">
                      <span className="h-1 w-12 overflow-hidden rounded-full bg-zinc-100">
                        <span className="block h-full bg-zinc-500" style={{ width: `${Math.max(4, Math.round(share * 100))}%` }} />
                      </span>
                      {Math.round(share * 100)}%
                    </span>
                  ) : null}
                </Td>
                <Td className="text-right tabular-nums">{step.endedAt ? formatDuration(step.latencyMs) : <span className="text-zinc-400">…</span>}</Td>
                <Td className="max-w-64 text-xs text-red-700 [overflow-wrap:anywhere]">
                  {error ? (
                    <span className="line-clamp-2" title={error}>
                      {error}
                    </span>
                  ) : null}
                </Td>
              </tr>
              {open ? (
                <tr data-testid="step-data">
                  <td colSpan={9} className="border-b border-zinc-100 bg-zinc-50/60 px-5 py-3">
                    <div className="grid gap-2 lg:grid-cols-2">
                      <JsonBlock label="Input" value={step.input} open />
                      <JsonBlock label="Output" value={step.output} open />
                      {step.error !== null ? <JsonBlock label="Error" value={step.error} open /> : null}
                      {step.detail !== null ? <JsonBlock label="Detail" value={step.detail} /> : null}
                    </div>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </Table>
  );
}
