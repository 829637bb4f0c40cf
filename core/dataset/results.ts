import type { Edge, Node } from "../graph";
import type { NodeObservation } from "../cost/projection";
import { deriveRunGraphState, type RunGraphEscalation, type RunGraphStep } from "../run-graph/run-graph-state";
import { quantile, sortCounts, spreadOf, type FieldSpread } from "./spread";

/**
 * A dataset run's results: per node the spread of output, how often runs reached it, the branch
 * each router took and the human decisions, cost per run (p10 / p50 / p90) and failures; plus the
 * per-node observations the cost projection takes instead of graph-based guesses. Node states and
 * router branches come from core/run-graph, the same derivation the run page draws.
 */
/** A step record as the run page reads it, plus its tokens. */
export interface DatasetStep extends Omit<RunGraphStep, "reused"> {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

export interface DatasetRunSample {
  status: string;
  input: unknown;
  costUsd: number;
  error: unknown;
  steps: readonly DatasetStep[];
  escalations: readonly RunGraphEscalation[];
}

export interface DatasetNodeResult {
  nodeId: string;
  name: string;
  kind: Node["kind"];
  /** Finished runs that reached the node, and that share of all finished runs. */
  reached: number;
  reach: number;
  /** Reached runs in which the node failed. */
  failed: number;
  calls: number;
  costP50: number | null;
  fields: FieldSpread[];
  /** Routers: branch label → runs; humans: decision → runs. */
  branches?: Record<string, number>;
  decisions?: Record<string, number>;
}

export interface DatasetResults {
  /** Settled runs the figures come from: ended (completed, failed, cancelled) or waiting at a human step. */
  finished: number;
  byStatus: Record<string, number>;
  cost: { total: number; p10: number | null; p50: number | null; p90: number | null };
  nodes: DatasetNodeResult[];
  /** Failed runs grouped by the node that failed and the message. */
  failures: Array<{ nodeId: string | null; message: string; runs: number }>;
  /** For the projection: keyed by node id, only nodes with calls. */
  observed: Record<string, NodeObservation>;
}

const FINISHED = new Set(["completed", "failed", "cancelled", "waiting"]);

export function datasetResults(graph: { nodes: readonly Node[]; edges: readonly Edge[] }, samples: readonly DatasetRunSample[]): DatasetResults {
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  const finished = samples.filter((s) => FINISHED.has(s.status));
  const n = finished.length;

  const acc = new Map(graph.nodes.map((node) => [node.id, { node, reached: 0, failed: 0, calls: 0, costs: [] as number[], outputs: [] as unknown[], branches: {} as Record<string, number>, decisions: {} as Record<string, number>, tokens: [] as Array<[number, number, number]> }]));
  const failures = new Map<string, { nodeId: string | null; message: string; runs: number }>();

  for (const run of finished) {
    const state = deriveRunGraphState(graph, { status: run.status, input: run.input, steps: run.steps.map((s) => ({ ...s, reused: false })), escalations: run.escalations });
    const stepsOf = new Map<string, DatasetStep[]>();
    for (const s of run.steps) (stepsOf.get(s.nodeId) ?? stepsOf.set(s.nodeId, []).get(s.nodeId)!).push(s);
    let failedNode: string | null = null;
    for (const [id, a] of acc) {
      const info = state.nodes[id];
      if (!info || info.state === "not_reached" || info.state === "queued" || info.state === "skipped") continue;
      a.reached++;
      if (info.state === "failed") {
        a.failed++;
        failedNode ??= id;
      }
      if (info.branch !== undefined) a.branches[info.branch] = (a.branches[info.branch] ?? 0) + 1;
      if (info.decision !== undefined) a.decisions[info.decision] = (a.decisions[info.decision] ?? 0) + 1;
      const steps = stepsOf.get(id) ?? [];
      a.calls += steps.length;
      a.costs.push(info.costUsd);
      a.tokens.push(steps.reduce<[number, number, number]>((t, s) => [t[0] + s.inputTokens, t[1] + s.cachedInputTokens, t[2] + s.outputTokens], [0, 0, 0]));
      // The output later steps saw: the last success of each step id (loop iterations are each counted).
      const last = new Map<string, DatasetStep>();
      for (const s of steps) if (s.status === "succeeded") last.set(s.stepId, s);
      for (const s of last.values()) a.outputs.push(s.output);
      const esc = run.escalations.find((e) => e.nodeId === id);
      if (esc?.output !== undefined && esc.output !== null) a.outputs.push(esc.output);
    }
    if (run.status === "failed") {
      const message = errorMessage(run.error);
      const key = `${failedNode ?? ""}\u0000${message}`;
      const f = failures.get(key) ?? failures.set(key, { nodeId: failedNode, message, runs: 0 }).get(key)!;
      f.runs++;
    }
  }

  const observed: Record<string, NodeObservation> = {};
  const nodes: DatasetNodeResult[] = [];
  for (const [id, a] of acc) {
    nodes.push({
      nodeId: id,
      name: a.node.name,
      kind: a.node.kind,
      reached: a.reached,
      reach: n ? a.reached / n : 0,
      failed: a.failed,
      calls: a.calls,
      costP50: quantile(a.costs, 0.5),
      fields: spreadOf(a.outputs),
      ...(a.node.kind === "router" ? { branches: sortCounts(a.branches) } : {}),
      ...(a.node.kind === "human" ? { decisions: sortCounts(a.decisions) } : {}),
    });
    if (n && a.reached && a.calls) {
      const sum = a.tokens.reduce((t, x) => [t[0] + x[0], t[1] + x[1], t[2] + x[2]], [0, 0, 0]);
      const band = (q: number) => ({ input: quantile(a.tokens.map((t) => t[0]), q)!, cached: quantile(a.tokens.map((t) => t[1]), q)!, output: quantile(a.tokens.map((t) => t[2]), q)! });
      observed[id] = {
        reach: a.reached / n,
        callsPerReach: a.calls / a.reached,
        perCall: { input: sum[0] / a.calls, cached: sum[1] / a.calls, output: sum[2] / a.calls },
        perReachP10: band(0.1),
        perReachP90: band(0.9),
      };
    }
  }
  const costs = finished.map((r) => r.costUsd);
  return {
    finished: n,
    byStatus,
    cost: { total: costs.reduce((s, c) => s + c, 0), p10: quantile(costs, 0.1), p50: quantile(costs, 0.5), p90: quantile(costs, 0.9) },
    nodes,
    failures: [...failures.values()].sort((a, b) => b.runs - a.runs),
    observed,
  };
}

function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error && typeof (error as { message: unknown }).message === "string") return (error as { message: string }).message;
  return error === null || error === undefined ? "failed" : String(error);
}
