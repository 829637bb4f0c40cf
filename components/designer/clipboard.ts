import type { Edge, Node, ProcessGraph } from "@/core/graph";
import { takenIds, uniqueId } from "@/components/graph";

/**
 * Copy and paste of steps, also across processes (the clipboard is plain JSON). Pasted ids are
 * renamed when taken, edges between pasted steps follow the renames, and the copy is offset so
 * it does not hide the original.
 */
export interface Clip {
  baton: "steps";
  nodes: Node[];
  edges: Edge[];
}

export function copySelection(graph: Pick<ProcessGraph, "nodes" | "edges">, ids: ReadonlySet<string>): Clip | null {
  const nodes = graph.nodes.filter((n) => ids.has(n.id) && n.kind !== "trigger");
  if (!nodes.length) return null;
  const inside = new Set(nodes.map((n) => n.id));
  return { baton: "steps", nodes, edges: graph.edges.filter((e) => inside.has(e.source) && inside.has(e.target)) };
}

export function parseClip(text: string): Clip | null {
  try {
    const value = JSON.parse(text) as Partial<Clip>;
    return value?.baton === "steps" && Array.isArray(value.nodes) && Array.isArray(value.edges) ? (value as Clip) : null;
  } catch {
    return null;
  }
}

export function pasteClip<G extends Pick<ProcessGraph, "nodes" | "edges">>(graph: G, clip: Clip, offset = 48): { graph: G; ids: string[] } {
  const taken = takenIds(graph);
  const rename = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = uniqueId(n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = clip.nodes.map((n) => ({ ...n, id: rename.get(n.id)!, position: n.position ? { x: n.position.x + offset, y: n.position.y + offset } : undefined }));
  // A human step reviewing a pasted step follows it; one reviewing a step left behind keeps its subject.
  const fixed = nodes.map((n) => (n.kind === "human" && n.subject && rename.has(n.subject) ? { ...n, subject: rename.get(n.subject) } : n)) as Node[];
  const edges = clip.edges.map((e) => {
    const id = uniqueId(e.id, taken);
    taken.add(id);
    return { ...e, id, source: rename.get(e.source)!, target: rename.get(e.target)! };
  });
  return { graph: { ...graph, nodes: [...graph.nodes, ...fixed], edges: [...graph.edges, ...edges] }, ids: [...fixed.map((n) => n.id), ...edges.map((e) => e.id)] };
}
