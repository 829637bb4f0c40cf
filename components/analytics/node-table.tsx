"use client";

import Link from "next/link";
import { useState } from "react";
import { formatDuration, formatInt } from "@/components/runs/format";
import { runsHref } from "@/components/runs/search-params";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { NodeAnalytics, NodeFigures } from "@/server/analytics/analytics.schema";
import { formatCompact, formatMoney, formatPercent } from "./format";

type Column = { key: string; label: string; value: (n: NodeFigures) => number | string | null; show: (n: NodeFigures) => string; mono?: boolean };

const COLUMNS: Column[] = [
  { key: "calls", label: "Calls", value: (n) => n.calls, show: (n) => formatInt(n.calls) },
  { key: "reach", label: "Reach", value: (n) => n.reach, show: (n) => formatPercent(n.reach) },
  { key: "p50", label: "p50", value: (n) => n.latencyMs.p50, show: (n) => formatDuration(n.latencyMs.p50) },
  { key: "p95", label: "p95", value: (n) => n.latencyMs.p95, show: (n) => formatDuration(n.latencyMs.p95) },
  { key: "error", label: "Errors", value: (n) => n.errorRate, show: (n) => formatPercent(n.errorRate) },
  { key: "retry", label: "Retries", value: (n) => n.retryRate, show: (n) => formatPercent(n.retryRate) },
  { key: "fallback", label: "Fallbacks", value: (n) => n.fallbackRate, show: (n) => formatPercent(n.fallbackRate) },
  { key: "repair", label: "Repairs", value: (n) => n.repairRate, show: (n) => formatPercent(n.repairRate) },
  { key: "escalation", label: "Escalations", value: (n) => n.escalationRate, show: (n) => formatPercent(n.escalationRate) },
  { key: "perCall", label: "$ / call", value: (n) => n.costPerCallUsd, show: (n) => formatMoney(n.costPerCallUsd), mono: true },
  { key: "cost", label: "Cost", value: (n) => n.costUsd, show: (n) => formatMoney(n.costUsd), mono: true },
  { key: "share", label: "Share", value: (n) => n.costShare, show: (n) => formatPercent(n.costShare) },
  { key: "tokens", label: "Tokens in / out", value: (n) => n.inputTokens + n.outputTokens, show: (n) => `${formatCompact(n.inputTokens)} / ${formatCompact(n.outputTokens)}` },
];

/** Per-node figures, sortable by any column; a node's name opens the runs that passed through it. */
export function NodeTable({ data }: { data: NodeAnalytics }) {
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: "cost", desc: true });
  const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[0]!;
  const rows = [...data.nodes].sort((a, b) => {
    const x = column.value(a) ?? -Infinity;
    const y = column.value(b) ?? -Infinity;
    return (x < y ? -1 : x > y ? 1 : 0) * (sort.desc ? -1 : 1);
  });
  const s = data.scope;
  const href = (nodeId: string) => runsHref({ process: s.process, version: s.version, node: nodeId, from: s.from, to: s.to });
  return (
    <Table aria-label="Per-node figures">
      <thead>
        <tr>
          <Th>Node</Th>
          {COLUMNS.map((c) => (
            <Th key={c.key} className="text-right" aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
              <button type="button" className="hover:text-zinc-900" onClick={() => setSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : true })}>
                {c.label}
                {sort.key === c.key ? (sort.desc ? " ↓" : " ↑") : ""}
              </button>
            </Th>
          ))}
          <Th>Models</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((n) => (
          <tr key={n.nodeId} data-testid="node-row" data-node-id={n.nodeId}>
            <Td className="whitespace-nowrap">
              <Link href={href(n.nodeId)} className="font-medium text-zinc-900 hover:underline" data-testid="node-runs-link">
                {n.name ?? n.nodeId}
              </Link>
              <span className="ml-1.5 font-mono text-xs text-zinc-400">
                {n.nodeId} · {n.kind}
              </span>
            </Td>
            {COLUMNS.map((c) => (
              <Td key={c.key} data-col={c.key} className={c.mono ? "text-right font-mono text-xs tabular-nums" : "text-right tabular-nums"}>
                {c.show(n)}
                {c.key === "cost" && n.unpricedCalls > 0 ? (
                  <span className="ml-1" title="Some calls used a model with no price: their cost is unknown, not $0.">
                    <Badge tone="amber">{n.unpricedCalls} unpriced</Badge>
                  </span>
                ) : null}
              </Td>
            ))}
            <Td className="text-xs text-zinc-500">{n.models.map((m) => `${m.model} (${m.calls})`).join(", ") || "—"}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Human steps: decisions by type, time to decision, SLA breaches. */
export function HumanTable({ data }: { data: NodeAnalytics }) {
  const human = data.nodes.filter((n) => n.human);
  if (!human.length) return <p className="px-5 py-4 text-sm text-zinc-500">No human steps ran in this range.</p>;
  return (
    <Table aria-label="Human steps">
      <thead>
        <tr>
          <Th>Step</Th>
          <Th className="text-right">Escalations</Th>
          <Th className="text-right">Approved as is</Th>
          <Th className="text-right">Edited</Th>
          <Th className="text-right">Rejected</Th>
          <Th className="text-right">Custom</Th>
          <Th className="text-right">Timed out</Th>
          <Th className="text-right">Open</Th>
          <Th className="text-right">Decision p50 / p95</Th>
          <Th className="text-right">SLA breaches</Th>
        </tr>
      </thead>
      <tbody>
        {human.map((n) => {
          const h = n.human!;
          return (
            <tr key={n.nodeId} data-testid="human-row" data-node-id={n.nodeId}>
              <Td>{n.name ?? n.nodeId}</Td>
              <Td className="text-right tabular-nums">{h.escalations}</Td>
              <Td className="text-right tabular-nums">{h.decisions.approve}</Td>
              <Td className="text-right tabular-nums">{h.decisions.edit}</Td>
              <Td className="text-right tabular-nums">{h.decisions.reject}</Td>
              <Td className="text-right tabular-nums">{h.decisions.custom}</Td>
              <Td className="text-right tabular-nums">{h.decisions.timedOut}</Td>
              <Td className="text-right tabular-nums">{h.decisions.open}</Td>
              <Td className="text-right tabular-nums">
                {formatDuration(h.timeToDecisionMs.p50)} / {formatDuration(h.timeToDecisionMs.p95)}
              </Td>
              <Td className="text-right tabular-nums">{h.slaBreaches}</Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
