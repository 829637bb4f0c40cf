import type { Edge, ProcessGraph } from "@/core/graph";
import { connectionRefusal, type ProposedConnection } from "./connection-rules";
import { edgeFromHandle } from "./handles";

/** Pure edits the canvas makes to the domain graph; each returns a new graph and leaves its input alone. */
export type GraphBody = Pick<ProcessGraph, "nodes" | "edges">;

/** An id not yet taken, `base`, `base-2`, `base-3`… (ids become step ids, so they stay readable). */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[^A-Za-z]+/, "") || "step";
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

export function takenIds(graph: GraphBody): Set<string> {
  return new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
}

export function moveNodes<G extends GraphBody>(graph: G, positions: ReadonlyMap<string, { x: number; y: number }>): G {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

/** Removes nodes with the edges that touch them, and the given edges. */
export function removeElements<G extends GraphBody>(graph: G, ids: ReadonlySet<string>): G {
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !ids.has(n.id)),
    edges: graph.edges.filter((e) => !ids.has(e.id) && !ids.has(e.source) && !ids.has(e.target)),
  };
}

/** Adds the edge a connection stands for, or says why it may not exist. */
export function connect<G extends GraphBody>(graph: G, c: ProposedConnection): { graph: G; edge: Edge } | { refused: string } {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const refused = connectionRefusal(nodes, graph.edges, c);
  if (refused) return { refused };
  const source = nodes.get(c.source)!;
  const target = nodes.get(c.target)!;
  const edge: Edge = { id: uniqueId(`${c.source}-to-${c.target}`, takenIds(graph)), source: c.source, target: c.target, ...edgeFromHandle(source, c.sourceHandle, target, c.targetHandle) };
  return { graph: { ...graph, edges: [...graph.edges, edge] }, edge };
}
