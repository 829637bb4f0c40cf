import { edgeKind, indexGraph, isGuardedBackEdge, type Edge, type ProcessGraph } from "@/core";
import { formatDuration } from "@/components/runs/format";
import type { NodeOverlay } from "@/components/graph";
import type { NodeFigures } from "@/server/analytics/analytics.schema";
import { formatMoney, formatPercent } from "./format";
import { HEAT_METRICS } from "./search-params";

/**
 * The heat overlay of the analytics page: one figure per node of the drawn graph, coloured on a
 * five-step scale. Pure, so the maths is tested without a browser.
 */
export { HEAT_METRICS };
export type HeatMetric = (typeof HEAT_METRICS)[number];

export const HEAT_LABEL: Record<HeatMetric, string> = { cost: "Cost", latency: "Latency p95", errors: "Error rate", reach: "Reach" };

/** Light to dark (amber → red), light enough everywhere for dark text. */
export const HEAT_COLOURS = ["#fef3c7", "#fde68a", "#fdba74", "#fb923c", "#f87171"] as const;

export interface HeatScale {
  /** The top of the scale: the largest value (reach and error rate: at least … up to 100%). */
  max: number;
  /** Upper bound of each colour's band, as display text. */
  bands: Array<{ colour: string; upTo: string }>;
}

export interface Heat {
  overlay: Record<string, NodeOverlay>;
  scale: HeatScale | null;
  /** Node id → the value shown (null: the node has no such figure), for tests and the legend. */
  values: Map<string, number | null>;
}

function show(metric: HeatMetric, v: number): string {
  if (metric === "cost") return formatMoney(v);
  if (metric === "latency") return formatDuration(v);
  return formatPercent(v, v > 0 && v < 0.1 ? 1 : 0);
}

/**
 * How often runs pass through each node. Nodes that record steps (model, tool, human, sub-process)
 * have it observed: runs with a record of the node / runs in scope. Routers, joins, ends and the
 * like record nothing, so theirs is carried down the graph from the nearest observed nodes, each
 * router branch (or human decision) taking the share observed at its target: the branch frequencies.
 * Where a branch's target has several inputs (one escalation step fed by three branches) its
 * observed reach is an upper bound of that branch's frequency, so such figures are estimates.
 */
export function observedReach(graph: ProcessGraph, figures: readonly NodeFigures[]): Map<string, number | null> {
  const observed = new Map<string, number>();
  for (const f of figures) if (f.reach !== null && f.runs > 0) observed.set(f.nodeId, f.reach);
  const out = new Map<string, number | null>();
  if (!figures.some((f) => f.reach !== null)) {
    for (const n of graph.nodes) out.set(n.id, null);
    return out;
  }
  const index = indexGraph(graph);
  const forward = (id: string) => (index.outgoing.get(id) ?? []).filter((e) => !isGuardedBackEdge(e, index.nodes));
  // A branch's weight: the reach observed at its target; 1 (an even share) where the target records nothing.
  const weight = (e: Edge) => observed.get(e.target) ?? (recordsSteps(index.nodes.get(e.target)?.kind ?? "") ? 0 : 1);
  const share = (e: Edge): number => {
    const source = index.nodes.get(e.source)!;
    if (source.kind === "router" || source.kind === "human") {
      const total = forward(e.source).reduce((s, x) => s + weight(x), 0);
      return total > 0 ? weight(e) / total : 0;
    }
    // Error, budget and timeout paths of other steps are rare; the normal path carries the runs.
    return edgeKind(e) === "default" || edgeKind(e) === "loop-back" ? 1 : 0;
  };
  const p = new Map<string, number>();
  for (const id of index.order) {
    const node = index.nodes.get(id)!;
    const seen = observed.get(id);
    if (seen !== undefined) p.set(id, seen);
    else if (node.kind === "trigger") p.set(id, 1);
    else if (recordsSteps(node.kind)) p.set(id, 0);
    else {
      const inputs = (index.incoming.get(id) ?? []).filter((e) => !isGuardedBackEdge(e, index.nodes)).map((e) => (p.get(e.source) ?? 0) * share(e));
      p.set(id, node.kind === "join" ? Math.max(0, ...inputs) : Math.min(1, inputs.reduce((s, x) => s + x, 0)));
    }
  }
  for (const n of graph.nodes) out.set(n.id, p.get(n.id) ?? 0);
  return out;
}

const RECORDING = new Set(["llm", "tool", "human", "subprocess"]);
const recordsSteps = (kind: string) => RECORDING.has(kind);

function valueOf(metric: HeatMetric, f: NodeFigures | undefined): number | null {
  if (!f) return null;
  if (metric === "cost") return f.calls > 0 ? f.costUsd : null;
  if (metric === "latency") return f.latencyMs.p95;
  if (metric === "errors") return f.executions > 0 ? f.errorRate : null;
  return f.reach;
}

/** The band (0–4) of a value on a scale from 0 to max. */
export function bandOf(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(HEAT_COLOURS.length - 1, Math.floor((value / max) * HEAT_COLOURS.length));
}

export function heatOverlay(
  graph: ProcessGraph,
  figures: readonly NodeFigures[],
  metric: HeatMetric,
  runsHref: (nodeId: string) => string,
): Heat {
  const byId = new Map(figures.map((f) => [f.nodeId, f]));
  const reach = metric === "reach" ? observedReach(graph, figures) : null;
  const values = new Map<string, number | null>();
  for (const n of graph.nodes) values.set(n.id, reach ? (reach.get(n.id) ?? null) : valueOf(metric, byId.get(n.id)));
  const present = [...values.values()].filter((v): v is number => v !== null);
  // Rates are read against 100% when they get there; otherwise the largest value is the top, so the hottest node stands out.
  const top = present.length ? Math.max(...present) : 0;
  const max = metric === "reach" ? 1 : top;
  const scale: HeatScale | null = present.length
    ? { max, bands: HEAT_COLOURS.map((colour, i) => ({ colour, upTo: show(metric, (max * (i + 1)) / HEAT_COLOURS.length) })) }
    : null;
  const overlay: Record<string, NodeOverlay> = {};
  for (const n of graph.nodes) {
    const v = values.get(n.id) ?? null;
    const f = byId.get(n.id);
    const lines: string[] = [];
    if (metric === "cost" && f && f.unpricedCalls > 0) lines.push(`${f.unpricedCalls} unpriced call${f.unpricedCalls === 1 ? "" : "s"}: cost unknown`);
    if (metric === "reach" && v !== null && !recordsSteps(n.kind)) lines.push("from branch frequencies");
    if (metric === "cost" && f && f.costShare !== null && v !== null) lines.push(`${formatPercent(f.costShare, 0)} of the process's cost`);
    overlay[n.id] = {
      label: `${HEAT_LABEL[metric]}: ${v === null ? "—" : show(metric, v)}`,
      ...(v !== null && scale ? { heat: HEAT_COLOURS[bandOf(v, scale.max)] } : {}),
      ...(lines.length ? { lines } : {}),
      ...(f && f.runs > 0 ? { link: { href: runsHref(n.id), label: `${f.runs} run${f.runs === 1 ? "" : "s"} →` } } : {}),
    };
  }
  return { overlay, scale, values };
}
