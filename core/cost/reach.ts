import { edgeKind, type Edge } from "../graph/edges";
import type { ProcessGraph } from "../graph/process-graph";
import { indexGraph, isGuardedBackEdge, type GraphIndex } from "../graph/topology";

/**
 * How often a run reaches each node, from the graph alone (a draft with no runs yet):
 * - router branches (and the unmatched edge) share the router's reach evenly, unless weighted;
 * - a human step's decision edges share it evenly; its timeout edge gets nothing unless weighted;
 * - every branch of a parallel node runs; a join is reached as often as its most reached input;
 * - error, budget and timeout edges elsewhere are taken with the probability given as their weight (default 0);
 * - nodes inside a loop body run `iterations` times per reach of the loop (default 1).
 */
export interface ReachOptions {
  /** Edge id → relative weight (routers, human decisions) or probability (error/budget/timeout edges). */
  branchWeights?: Record<string, number>;
  /** Loop node id → expected iterations per run of the loop. */
  loopIterations?: Record<string, number>;
}

export interface NodeReach {
  /** Probability that a run reaches the node (0..1). */
  reach: number;
  /** Expected executions each time the node is reached (loop iterations). */
  executionsPerReach: number;
}

const SHARED = new Set(["branch", "unmatched"]);

function edgeShare(index: GraphIndex, e: Edge, opts: ReachOptions): number {
  const source = index.nodes.get(e.source)!;
  const out = (index.outgoing.get(e.source) ?? []).filter((x) => !isGuardedBackEdge(x, index.nodes));
  const weight = (x: Edge, fallback: number) => Math.max(0, opts.branchWeights?.[x.id] ?? fallback);
  const normalised = (candidates: Edge[], fallbackOf: (x: Edge) => number) => {
    const total = candidates.reduce((s, x) => s + weight(x, fallbackOf(x)), 0);
    return total > 0 ? weight(e, fallbackOf(e)) / total : 0;
  };
  if (source.kind === "parallel" || source.kind === "loop") return 1;
  if (source.kind === "router") {
    return normalised(out, (x) => (SHARED.has(edgeKind(x)) ? 1 : 0));
  }
  if (source.kind === "human") {
    const decisions = new Set(source.decisions.map((d) => d.id));
    return normalised(out, (x) => (x.sourceHandle && decisions.has(x.sourceHandle) && edgeKind(x) === "default" ? 1 : 0));
  }
  const kind = edgeKind(e);
  if (kind === "default") {
    // The rare paths (error, budget, timeout) take their weight away from the normal one.
    const rare = out.filter((x) => edgeKind(x) !== "default").reduce((s, x) => s + Math.min(1, weight(x, 0)), 0);
    return Math.max(0, 1 - Math.min(1, rare));
  }
  return Math.min(1, weight(e, 0));
}

/** Nodes of each loop's body: reachable from its body edge and leading back to it. */
function loopBodies(index: GraphIndex): Map<string, Set<string>> {
  const bodies = new Map<string, Set<string>>();
  for (const loop of index.nodes.values()) {
    if (loop.kind !== "loop") continue;
    const forward = new Set<string>();
    const stack = (index.outgoing.get(loop.id) ?? []).filter((e) => e.sourceHandle === "body").map((e) => e.target);
    while (stack.length) {
      const id = stack.pop()!;
      if (id === loop.id || forward.has(id)) continue;
      forward.add(id);
      for (const e of index.outgoing.get(id) ?? []) stack.push(e.target);
    }
    const backward = new Set<string>();
    const back = (index.incoming.get(loop.id) ?? []).filter((e) => isGuardedBackEdge(e, index.nodes)).map((e) => e.source);
    while (back.length) {
      const id = back.pop()!;
      if (id === loop.id || backward.has(id)) continue;
      backward.add(id);
      for (const e of index.incoming.get(id) ?? []) back.push(e.source);
    }
    bodies.set(loop.id, new Set([...forward].filter((id) => backward.has(id))));
  }
  return bodies;
}

export function graphReach(graph: ProcessGraph, opts: ReachOptions = {}): Map<string, NodeReach> {
  const index = indexGraph(graph);
  const p = new Map<string, number>();
  for (const id of index.order) {
    const node = index.nodes.get(id)!;
    if (node.kind === "trigger") {
      p.set(id, 1);
      continue;
    }
    const inputs = (index.incoming.get(id) ?? []).filter((e) => !isGuardedBackEdge(e, index.nodes)).map((e) => (p.get(e.source) ?? 0) * edgeShare(index, e, opts));
    // A join waits for its branches (they run together); elsewhere incoming paths are alternatives.
    p.set(id, node.kind === "join" ? Math.max(0, ...inputs) : Math.min(1, inputs.reduce((s, x) => s + x, 0)));
  }
  const multiplier = new Map<string, number>();
  for (const [loopId, body] of loopBodies(index)) {
    const iterations = Math.max(0, opts.loopIterations?.[loopId] ?? 1);
    for (const id of body) multiplier.set(id, (multiplier.get(id) ?? 1) * iterations);
  }
  const out = new Map<string, NodeReach>();
  for (const id of index.nodes.keys()) out.set(id, { reach: index.reachable.has(id) ? (p.get(id) ?? 0) : 0, executionsPerReach: multiplier.get(id) ?? 1 });
  return out;
}
