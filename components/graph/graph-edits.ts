import type { Edge, ProcessGraph } from "@/core/graph";
import { connectionRefusal, type ProposedConnection } from "./connection-rules";
import { edgeFromHandle } from "./handles";
import { noteFlowId } from "./notes";

/** Pure edits the canvas makes to the domain graph; each returns a new graph and leaves its input alone. */
export type GraphBody = Pick<ProcessGraph, "nodes" | "edges" | "notes">;

/** An id not yet taken, `base`, `base-2`, `base-3`… (ids become step ids, so they stay readable). */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[^A-Za-z]+/, "") || "step";
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

export function takenIds(graph: GraphBody): Set<string> {
  return new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
}

/** Moves steps (by id) and sticky notes (by their canvas id, `note:<id>`). */
export function moveNodes<G extends GraphBody>(graph: G, positions: ReadonlyMap<string, { x: number; y: number }>): G {
  const at = (p: { x: number; y: number }) => ({ x: Math.round(p.x), y: Math.round(p.y) });
  const notes = graph.notes?.map((n) => {
    const p = positions.get(noteFlowId(n.id));
    return p ? { ...n, position: at(p) } : n;
  });
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: at(p) } : n;
    }),
    ...(notes ? { notes } : {}),
  };
}

/** Removes nodes with the edges that touch them, the given edges, and notes by canvas id. */
export function removeElements<G extends GraphBody>(graph: G, ids: ReadonlySet<string>): G {
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !ids.has(n.id)),
    edges: graph.edges.filter((e) => !ids.has(e.id) && !ids.has(e.source) && !ids.has(e.target)),
    ...(graph.notes ? { notes: graph.notes.filter((n) => !ids.has(noteFlowId(n.id))) } : {}),
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

/**
 * `+` on an edge A → B: puts `node` between them. The edge keeps its id and meaning on A's side
 * (a router branch stays that branch, a decision stays that decision) and now ends at the new
 * node; a new default edge leads from the new node to B (a loop-back stays the edge into the loop).
 */
export function insertIntoEdge<G extends GraphBody>(graph: G, edgeId: string, node: G["nodes"][number]): { graph: G; edges: string[] } | { refused: string } {
  const edge = graph.edges.find((e) => e.id === edgeId);
  if (!edge) return { refused: `There is no edge "${edgeId}".` };
  if (node.kind === "trigger" || node.kind === "end") return { refused: `A ${node.kind} step cannot go in the middle of an edge.` };
  const a = graph.nodes.find((n) => n.id === edge.source);
  const b = graph.nodes.find((n) => n.id === edge.target);
  const position = a?.position && b?.position ? { x: Math.round((a.position.x + b.position.x) / 2), y: Math.round((a.position.y + b.position.y) / 2) } : node.position;
  const placed = { ...node, ...(position ? { position } : {}) };
  const loopBack = edge.kind === "loop-back";
  const { kind: _kind, ...plain } = edge;
  const into: Edge = loopBack ? { ...plain, target: node.id } : { ...edge, target: node.id };
  const taken = takenIds({ nodes: [...graph.nodes, placed], edges: graph.edges });
  const out: Edge = { id: uniqueId(`${node.id}-to-${edge.target}`, taken), source: node.id, target: edge.target, ...(loopBack ? { kind: "loop-back" as const } : {}) };
  return {
    graph: { ...graph, nodes: [...graph.nodes, placed], edges: [...graph.edges.map((e) => (e.id === edgeId ? into : e)), out] },
    edges: [into.id, out.id],
  };
}
