"use client";

import type { NodeProjection, Projection } from "@/core";
import { formatMoney, formatPercent } from "@/components/analytics/format";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";

export type Override = { tier: "light" | "mid" | "strong" } | { model: string };

const money = (v: number | null) => (v === null ? <Badge tone="amber">unpriced</Badge> : formatMoney(v));
const encode = (o: Override | undefined) => (!o ? "" : "tier" in o ? `tier:${o.tier}` : `model:${o.model}`);
const decode = (v: string): Override | undefined =>
  v.startsWith("tier:") ? { tier: v.slice(5) as "light" | "mid" | "strong" } : v.startsWith("model:") ? { model: v.slice(6) } : undefined;

/**
 * Per-node projection with its band, and a model selector per node: choosing another tier or model
 * re-prices that node at once (the projection runs in the browser) and shows the change.
 */
export function ProjectionTable({
  base,
  changed,
  overrides,
  onOverride,
  tiers,
  models,
}: {
  base: Projection;
  changed: Projection;
  overrides: Record<string, Override>;
  onOverride: (nodeId: string, o: Override | undefined) => void;
  tiers: Record<"light" | "mid" | "strong", string>;
  models: string[];
}) {
  const byId = new Map(changed.nodes.map((n) => [n.nodeId, n]));
  return (
    <Table aria-label="Projection per node">
      <thead>
        <tr>
          <Th>Node</Th>
          <Th>Data</Th>
          <Th className="text-right">Reach</Th>
          <Th className="text-right">Calls / reach</Th>
          <Th className="text-right">Tokens in / out per call</Th>
          <Th>Model (what-if)</Th>
          <Th className="text-right">$ / run</Th>
          <Th className="text-right">p10 – p90</Th>
          <Th className="text-right">Δ / run</Th>
        </tr>
      </thead>
      <tbody>
        {base.nodes.map((b: NodeProjection) => {
          const n = byId.get(b.nodeId) ?? b;
          const delta = n.costPerRun !== null && b.costPerRun !== null ? n.costPerRun - b.costPerRun : null;
          return (
            <tr key={b.nodeId} data-testid="projection-row" data-node-id={b.nodeId}>
              <Td className="whitespace-nowrap">
                <span className="font-medium text-zinc-900">{b.name}</span>
                <span className="ml-1.5 font-mono text-xs text-zinc-400">{b.nodeId}</span>
              </Td>
              <Td className="text-xs text-zinc-500">{b.source === "observed" ? "runs" : "graph"}</Td>
              <Td className="text-right tabular-nums">{formatPercent(n.reach)}</Td>
              <Td className="text-right tabular-nums">{n.callsPerReach.toFixed(2)}</Td>
              <Td className="text-right tabular-nums">
                {Math.round(n.perCall.input)} / {Math.round(n.perCall.output)}
              </Td>
              <Td>
                <div className="w-60">
                <Select
                  aria-label={`Model for ${b.nodeId}`}
                  className="h-8"
                  value={encode(overrides[b.nodeId])}
                  onChange={(e) => onOverride(b.nodeId, decode(e.target.value))}
                >
                  <option value="">As designed ({b.model})</option>
                  {(["light", "mid", "strong"] as const).map((t) => (
                    <option key={t} value={`tier:${t}`}>
                      Tier {t} ({tiers[t]})
                    </option>
                  ))}
                  {models.map((m) => (
                    <option key={m} value={`model:${m}`}>
                      {m}
                    </option>
                  ))}
                </Select>
                </div>
              </Td>
              <Td className="text-right font-mono text-xs tabular-nums" data-testid="node-cost">
                {money(n.costPerRun)}
              </Td>
              <Td className="text-right font-mono text-xs tabular-nums">
                {n.low === null ? "—" : `${formatMoney(n.low)} – ${formatMoney(n.high)}`}
              </Td>
              <Td className="text-right font-mono text-xs tabular-nums">{delta === null || Math.abs(delta) < 1e-12 ? "—" : `${delta > 0 ? "+" : ""}${formatMoney(delta)}`}</Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
