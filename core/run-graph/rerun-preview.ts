import type { Edge, Node } from "../graph";
import type { NodeRunInfo, RunGraphState } from "./run-graph-state";

/**
 * What a rerun from one node would start from, painted on the graph before it starts. The runtime
 * reuses every step before the chosen node in plan order (`server/runtime/rerun-chain.ts`
 * `reusedNodeIds`): the recorded calls of its LLM and tool steps and the decisions of its human
 * steps, neither executed nor billed again. So here: such a node that has a result in this run is
 * "reused"; the chosen node is "queued"; every other step (after it, or before it without a
 * result, which a new input may still reach) is "not_reached" and free of this run's figures.
 * Routers, parallel blocks and joins before the chosen node are decided again from the new input,
 * so they keep no state either. Pure: the page and the tests agree.
 */
export interface RerunPreview {
  state: RunGraphState;
  /** Node ids whose results the rerun takes from this run, in plan order. */
  reused: string[];
}

const RESULT_KINDS = new Set(["llm", "tool", "human"]);
const HAS_RESULT = new Set(["succeeded", "reused", "failed"]);

/** The steps a rerun may start from: every plan step but the trigger (from the trigger, rerun the whole run). */
export function rerunStartNodes(graph: { nodes: readonly Node[] }, stepOrder: readonly string[]): string[] {
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  return stepOrder.filter((id) => kinds.has(id) && kinds.get(id) !== "trigger");
}

export function previewRerun(
  graph: { nodes: readonly Node[]; edges: readonly Edge[] },
  state: RunGraphState,
  stepOrder: readonly string[],
  fromNodeId: string,
): RerunPreview {
  const at = stepOrder.indexOf(fromNodeId);
  const before = new Set(at < 0 ? [] : stepOrder.slice(0, at));
  const reusedSet = new Set<string>();
  const nodes: Record<string, NodeRunInfo> = {};
  for (const node of graph.nodes) {
    const info = state.nodes[node.id];
    const fresh: NodeRunInfo = { state: "not_reached", costUsd: 0, latencyMs: 0, attempts: 0 };
    if (node.kind === "trigger") {
      nodes[node.id] = { ...fresh, state: "succeeded" };
    } else if (before.has(node.id) && RESULT_KINDS.has(node.kind) && info && HAS_RESULT.has(info.state)) {
      reusedSet.add(node.id);
      // Its figures are this run's: what it cost when it ran, not what the rerun pays (nothing).
      nodes[node.id] = { ...info, state: "reused" };
    } else {
      nodes[node.id] = node.id === fromNodeId ? { ...fresh, state: "queued" } : fresh;
    }
  }
  // Only the edges between a trigger or reused node and a reused node are already known.
  const known = (id: string) => reusedSet.has(id) || graph.nodes.some((n) => n.id === id && n.kind === "trigger");
  const takenEdges = new Set([...state.takenEdges].filter((id) => {
    const e = graph.edges.find((x) => x.id === id);
    return e !== undefined && known(e.source) && reusedSet.has(e.target);
  }));
  return { state: { nodes, takenEdges }, reused: stepOrder.filter((id) => reusedSet.has(id)) };
}
