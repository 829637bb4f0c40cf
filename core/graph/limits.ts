/**
 * How big a process graph may be. Validation at this size stays well under 100 ms of one CPU
 * (bench/graph); far larger graphs took seconds per read. Split larger processes into
 * subprocesses. Nodes and edges are counted as submitted, before duplicates are dropped.
 */
export const GRAPH_LIMITS = { nodes: 2000, edges: 4000 } as const;

/** A sentence naming what is over the limit, or undefined. Cheap: looks at array lengths only. */
export function graphSizeProblem(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const { nodes, edges } = input as { nodes?: unknown; edges?: unknown };
  const over: string[] = [];
  if (Array.isArray(nodes) && nodes.length > GRAPH_LIMITS.nodes) over.push(`${nodes.length} nodes (at most ${GRAPH_LIMITS.nodes})`);
  if (Array.isArray(edges) && edges.length > GRAPH_LIMITS.edges) over.push(`${edges.length} edges (at most ${GRAPH_LIMITS.edges})`);
  return over.length ? `The graph has ${over.join(" and ")}.` : undefined;
}
