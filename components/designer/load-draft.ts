import { Edge, Node, ProcessGraph, StickyNote } from "@/core/graph";

/**
 * A stored draft as a graph the canvas can draw. Drafts are saved even when invalid (imports,
 * the API), so read leniently: keep every node and edge that parses and say what was left out.
 */
export function loadDraft(draft: unknown, fallback: { slug: string; name: string }): { graph: ProcessGraph; dropped: number } {
  const whole = ProcessGraph.safeParse(draft);
  if (whole.success) return { graph: whole.data, dropped: 0 };
  const record = (typeof draft === "object" && draft !== null ? draft : {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  const nodes = list(record.nodes).flatMap((n) => {
    const p = Node.safeParse(n);
    return p.success ? [p.data] : [];
  });
  const ids = new Set(nodes.map((n) => n.id));
  const edges = list(record.edges).flatMap((e) => {
    const p = Edge.safeParse(e);
    return p.success && ids.has(p.data.source) && ids.has(p.data.target) ? [p.data] : [];
  });
  const notes = list(record.notes).flatMap((n) => {
    const p = StickyNote.safeParse(n);
    return p.success ? [p.data] : [];
  });
  // Each header field on its own: a broken `settings` must not cost the name.
  const h: Partial<Pick<ProcessGraph, "slug" | "name" | "description" | "settings">> = {};
  for (const key of ["slug", "name", "description", "settings"] as const) {
    const p = ProcessGraph.shape[key].safeParse(record[key]);
    if (p.success && p.data !== undefined) Object.assign(h, { [key]: p.data });
  }
  return {
    graph: { ...h, slug: h.slug ?? fallback.slug, name: h.name ?? fallback.name, nodes, edges, ...(notes.length ? { notes } : {}) },
    dropped: list(record.nodes).length - nodes.length + list(record.edges).length - edges.length + list(record.notes).length - notes.length,
  };
}
