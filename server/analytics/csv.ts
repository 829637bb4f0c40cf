import type { ModelFigures, NodeFigures } from "./analytics.schema";

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

const NODE_HEADER = [
  "node_id", "name", "kind", "calls", "executions", "runs", "reach", "latency_p50_ms", "latency_p95_ms",
  "error_rate", "retry_rate", "fallback_rate", "repair_rate", "escalation_rate", "cost_usd", "cost_per_call_usd",
  "cost_share", "input_tokens", "cached_input_tokens", "output_tokens", "unpriced_calls", "models",
  "approved_as_is", "edited", "rejected", "custom", "timed_out", "decision_p50_ms", "decision_p95_ms", "sla_breaches",
];

/** The per-node table as CSV (rates as fractions 0..1, money in USD, empty = no data). */
export function nodeTableCsv(nodes: NodeFigures[]): string {
  return toCsv(
    NODE_HEADER,
    nodes.map((n) => [
      n.nodeId, n.name, n.kind, n.calls, n.executions, n.runs, n.reach, n.latencyMs.p50, n.latencyMs.p95,
      n.errorRate, n.retryRate, n.fallbackRate, n.repairRate, n.escalationRate, n.costUsd, n.costPerCallUsd,
      n.costShare, n.inputTokens, n.cachedInputTokens, n.outputTokens, n.unpricedCalls,
      n.models.map((m) => `${m.model}:${m.calls}`).join(" "),
      n.human?.decisions.approve ?? null, n.human?.decisions.edit ?? null, n.human?.decisions.reject ?? null,
      n.human?.decisions.custom ?? null, n.human?.decisions.timedOut ?? null,
      n.human?.timeToDecisionMs.p50 ?? null, n.human?.timeToDecisionMs.p95 ?? null, n.human?.slaBreaches ?? null,
    ]),
  );
}

/** Spend by model as CSV; unpriced calls are listed so a $0 is never silent. */
export function modelTableCsv(models: ModelFigures[]): string {
  return toCsv(
    ["model", "provider", "calls", "cost_usd", "input_tokens", "cached_input_tokens", "output_tokens", "unpriced_calls"],
    models.map((m) => [m.model, m.provider, m.calls, m.costUsd, m.inputTokens, m.cachedInputTokens, m.outputTokens, m.unpricedCalls]),
  );
}
