import type { Edge, Node, ProcessGraph, StickyNote } from "@/core/graph";
import { noteFlowId, takenIds, uniqueId } from "@/components/graph";

/**
 * Copy and paste of steps, also across processes (the clipboard is plain JSON). Pasted ids are
 * renamed when taken, edges between pasted steps follow the renames, and the copy is offset so
 * it does not hide the original.
 */
export interface Clip {
  baton: "steps";
  nodes: Node[];
  edges: Edge[];
  /** Sticky notes in the selection (absent from clips of steps only). */
  notes?: StickyNote[];
}

type Body = Pick<ProcessGraph, "nodes" | "edges" | "notes">;

export function copySelection(graph: Body, ids: ReadonlySet<string>): Clip | null {
  const nodes = graph.nodes.filter((n) => ids.has(n.id) && n.kind !== "trigger");
  const notes = (graph.notes ?? []).filter((n) => ids.has(noteFlowId(n.id)));
  if (!nodes.length && !notes.length) return null;
  const inside = new Set(nodes.map((n) => n.id));
  return { baton: "steps", nodes, edges: graph.edges.filter((e) => inside.has(e.source) && inside.has(e.target)), ...(notes.length ? { notes } : {}) };
}

export function parseClip(text: string): Clip | null {
  try {
    const value = JSON.parse(text) as Partial<Clip>;
    return value?.baton === "steps" && Array.isArray(value.nodes) && Array.isArray(value.edges) ? (value as Clip) : null;
  } catch {
    return null;
  }
}

export function pasteClip<G extends Body>(graph: G, clip: Clip, offset = 48): { graph: G; ids: string[] } {
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
  // Note ids are their own namespace (the canvas prefixes them): renamed against other notes only.
  const takenNotes = new Set((graph.notes ?? []).map((n) => n.id));
  const notes = (clip.notes ?? []).map((n) => {
    const id = uniqueId(n.id, takenNotes);
    takenNotes.add(id);
    return { ...n, id, position: { x: n.position.x + offset, y: n.position.y + offset } };
  });
  return {
    graph: { ...graph, nodes: [...graph.nodes, ...fixed], edges: [...graph.edges, ...edges], ...(notes.length ? { notes: [...(graph.notes ?? []), ...notes] } : {}) },
    ids: [...fixed.map((n) => n.id), ...edges.map((e) => e.id), ...notes.map((n) => noteFlowId(n.id))],
  };
}
