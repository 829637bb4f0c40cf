import type { StickyNote } from "@/core/graph";

/**
 * Sticky notes share the canvas with steps but are not steps: React Flow knows them by a prefixed
 * id (`note:<id>`), so a note can never be taken for a step or an edge of the same name, and
 * everything that reads the canvas (selection, delete, copy) can tell them apart by id alone.
 */
export const NOTE_PREFIX = "note:";
export const NOTE_SIZE = { width: 224, height: 128 } as const;

export const noteFlowId = (id: string) => `${NOTE_PREFIX}${id}`;
export const noteIdOf = (flowId: string): string | undefined => (flowId.startsWith(NOTE_PREFIX) ? flowId.slice(NOTE_PREFIX.length) : undefined);

interface WithNotes {
  notes?: StickyNote[];
}

/** A new note at `position` with an id not yet taken by another note. */
export function addNote<G extends WithNotes>(graph: G, position: { x: number; y: number }, text = ""): { graph: G; id: string } {
  const taken = new Set((graph.notes ?? []).map((n) => n.id));
  let i = taken.size + 1;
  while (taken.has(`note-${i}`)) i++;
  const note: StickyNote = { id: `note-${i}`, text, position: { x: Math.round(position.x), y: Math.round(position.y) }, color: "yellow" };
  return { graph: { ...graph, notes: [...(graph.notes ?? []), note] }, id: note.id };
}

export function updateNote<G extends WithNotes>(graph: G, id: string, patch: Partial<Omit<StickyNote, "id">>): G {
  return { ...graph, notes: (graph.notes ?? []).map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}
