"use client";

import { useMemo } from "react";
import type { Edge, Node } from "@/core/graph";
import { ProcessCanvas, type NodeOverlay } from "@/components/graph";
import type { RunGraphState } from "@/core/run-graph";

const NO_NODES: ReadonlySet<string> = new Set();

/** A node's state with the figures and facts a card shows (router value and branch, loop count, child run). */
export function runOverlay(graph: { nodes: readonly Node[] }, state: RunGraphState, unpriced: ReadonlySet<string> = NO_NODES): Record<string, NodeOverlay> {
  const overlay: Record<string, NodeOverlay> = {};
  for (const node of graph.nodes) {
    const info = state.nodes[node.id];
    if (!info) continue;
    const lines: string[] = [];
    if (info.routedValue !== undefined) lines.push(`routed on ${JSON.stringify(info.routedValue)} → ${info.branch ?? "no branch"}`);
    if (info.iterations) lines.push(`${info.iterations} iteration${info.iterations === 1 ? "" : "s"}`);
    if (info.decision) lines.push(`decision: ${info.decision}`);
    if (info.attempts > 1) lines.push(`${info.attempts} attempts`);
    // A call to a model with no price has an unknown cost: say so rather than paint $0 (or a sum that leaves it out).
    if (unpriced.has(node.id)) lines.push("unpriced model: cost unknown");
    const ran = info.attempts > 0;
    overlay[node.id] = {
      status: info.state,
      ...(ran ? { ...(unpriced.has(node.id) ? {} : { costUsd: info.costUsd }), latencyMs: info.latencyMs } : {}),
      ...(lines.length ? { lines } : {}),
      ...(info.childRunId ? { link: { href: `/runs/${info.childRunId}`, label: `child run ${info.childRunId}` } } : {}),
    };
  }
  return overlay;
}

/** The pinned version's graph, read-only, painted with what the run did. */
export function RunGraph({
  graph,
  state,
  unpriced,
  selectedNodeId,
  onSelectNode,
  className = "h-[26rem]",
}: {
  graph: { nodes: Node[]; edges: Edge[] };
  state: RunGraphState;
  /** Nodes with a call to a model that has no price (components/runs/step-cost.tsx). */
  unpriced?: ReadonlySet<string>;
  selectedNodeId: string | null;
  onSelectNode: (nodeId: string | null) => void;
  /** The canvas height. */
  className?: string;
}) {
  const overlay = useMemo(() => runOverlay(graph, state, unpriced), [graph, state, unpriced]);
  const selection = useMemo(() => new Set(selectedNodeId ? [selectedNodeId] : []), [selectedNodeId]);
  const nodeIds = useMemo(() => new Set(graph.nodes.map((n) => n.id)), [graph]);
  return (
    <div className={`${className} w-full overflow-hidden`} data-testid="run-graph">
      <ProcessCanvas
        graph={graph}
        mode="view"
        overlay={overlay}
        highlightedEdges={state.takenEdges}
        selection={selection}
        onSelectionChange={(ids) => onSelectNode([...ids].find((id) => nodeIds.has(id) && id !== selectedNodeId) ?? [...ids].find((id) => nodeIds.has(id)) ?? null)}
      />
    </div>
  );
}
