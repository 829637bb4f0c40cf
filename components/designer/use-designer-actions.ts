"use client";

import { useReactFlow } from "@xyflow/react";
import { useCallback, useMemo } from "react";
import { PROCESS_GRAPH_SCHEMA_PATH, type Edge, type Node, type NodeKind, type ProcessGraph, type ProcessSettings } from "@/core/graph";
import type { Diagnostic } from "@/core/validation";
import { addNote as withNote, noteFlowId, removeElements } from "@/components/graph";
import { copySelection, parseClip, pasteClip } from "./clipboard";
import { newNode, nextPosition } from "./default-nodes";
import type { Designer } from "./use-designer";

const CLIP_KEY = "baton.clipboard";

/** Every editing command of the designer, shared by the toolbar, shortcuts and the command palette. */
export function useDesignerActions(d: Designer, editable: boolean) {
  const flow = useReactFlow();
  const { graph, selection, setSelection, change, update } = d;

  const addNode = useCallback(
    (kind: NodeKind, position?: { x: number; y: number }) => {
      if (!editable) return;
      const anchor = selection.size === 1 ? [...selection][0] : undefined;
      const node = newNode(kind, graph, position ?? nextPosition(graph, anchor));
      change({ nodes: [...graph.nodes, node], edges: graph.edges }, { label: `Add ${kind}` });
      setSelection(new Set([node.id]));
    },
    [editable, graph, selection, change, setSelection],
  );

  /** A sticky note at `position`, or in the middle of what the canvas shows. */
  const addNote = useCallback(
    (position?: { x: number; y: number }) => {
      if (!editable) return;
      const box = document.querySelector('[data-testid="designer"] [data-testid="process-canvas"]')?.getBoundingClientRect();
      const at = position ?? (box ? flow.screenToFlowPosition({ x: box.left + box.width / 2 - 112, y: box.top + box.height / 2 - 64 }) : { x: 0, y: 0 });
      const { graph: next, id } = withNote(graph, at);
      change(next, { label: "Add note" });
      setSelection(new Set([noteFlowId(id)]));
    },
    [editable, graph, change, setSelection, flow],
  );

  const updateNode = useCallback(
    (node: Node, field: string, previousId: string) =>
      update((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === previousId ? node : n)) }), { group: `node:${previousId}:${field}`, label: `Edit ${field}` }),
    [update],
  );

  const updateEdge = useCallback(
    (edge: Edge, field: string) => update((g) => ({ ...g, edges: g.edges.map((e) => (e.id === edge.id ? edge : e)) }), { group: `edge:${edge.id}:${field}`, label: `Edit ${field}` }),
    [update],
  );

  const updateSettings = useCallback(
    (settings: ProcessSettings | undefined, field: string) => update((g) => ({ ...g, settings }), { group: `settings:${field}`, label: `Edit ${field}` }),
    [update],
  );

  const remove = useCallback(() => {
    if (!editable) return;
    const ids = new Set([...selection].filter((id) => graph.nodes.find((n) => n.id === id)?.kind !== "trigger"));
    if (!ids.size) return;
    change(removeElements(graph, ids), { label: "Delete" });
    setSelection(new Set());
  }, [editable, graph, selection, change, setSelection]);

  const copy = useCallback(() => {
    const clip = copySelection(graph, selection);
    if (!clip) return false;
    const text = JSON.stringify(clip);
    localStorage.setItem(CLIP_KEY, text);
    void navigator.clipboard?.writeText(text).catch(() => {});
    return true;
  }, [graph, selection]);

  const paste = useCallback(() => {
    const clip = parseClip(localStorage.getItem(CLIP_KEY) ?? "");
    if (!editable || !clip) return;
    const result = pasteClip(graph, clip);
    change(result.graph, { label: "Paste" });
    setSelection(new Set(result.ids));
  }, [editable, graph, change, setSelection]);

  const duplicate = useCallback(() => {
    const clip = copySelection(graph, selection);
    if (!editable || !clip) return;
    const result = pasteClip(graph, clip);
    change(result.graph, { label: "Duplicate" });
    setSelection(new Set(result.ids));
  }, [editable, graph, selection, change, setSelection]);

  const selectAll = useCallback(
    () => setSelection(new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id), ...(graph.notes ?? []).map((n) => noteFlowId(n.id))])),
    [graph, setSelection],
  );

  const focus = useCallback(
    (d: Pick<Diagnostic, "nodeId" | "edgeId">) => {
      // A check that names an edge is about that edge (a branch's condition, a loop-back): select it.
      const id = d.edgeId ?? d.nodeId;
      if (!id) return;
      setSelection(new Set([id]));
      const nodeIds = d.edgeId ? graph.edges.filter((e) => e.id === d.edgeId).flatMap((e) => [e.source, e.target]) : [d.nodeId!];
      void flow.fitView({ nodes: nodeIds.map((x) => ({ id: x })), duration: 300, maxZoom: 1.1, padding: 0.4 });
    },
    [graph, setSelection, flow],
  );

  const nudge = useCallback(
    (dx: number, dy: number) => {
      if (!editable) return;
      const by = (p: { x: number; y: number }) => ({ x: p.x + dx, y: p.y + dy });
      update(
        (g) => ({
          ...g,
          nodes: g.nodes.map((n) => (selection.has(n.id) && n.position ? { ...n, position: by(n.position) } : n)),
          ...(g.notes ? { notes: g.notes.map((n) => (selection.has(noteFlowId(n.id)) ? { ...n, position: by(n.position) } : n)) } : {}),
        }),
        { group: "nudge", label: "Move" },
      );
    },
    [editable, selection, update],
  );

  const tidy = useCallback(async () => {
    if (!editable) return;
    const { tidyLayout } = await import("./tidy-layout");
    // Steps only: notes in the selection stay where they are.
    const steps = new Set([...selection].filter((id) => graph.nodes.some((n) => n.id === id)));
    const scope = steps.size > 1 ? steps : undefined;
    const positions = await tidyLayout(graph, scope);
    change({ ...graph, nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) }, { label: "Tidy up" });
    requestAnimationFrame(() => void flow.fitView({ duration: 300, padding: 0.2, maxZoom: 1 }));
  }, [editable, graph, selection, change, flow]);

  const exportJson = useCallback((g: ProcessGraph) => {
    const blob = new Blob([JSON.stringify({ $schema: `${location.origin}${PROCESS_GRAPH_SCHEMA_PATH}`, ...g }, null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${g.slug}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  }, []);

  return useMemo(
    () => ({ addNode, addNote, updateNode, updateEdge, updateSettings, remove, copy, paste, duplicate, selectAll, focus, nudge, tidy, exportJson, fitView: () => void flow.fitView({ duration: 300, padding: 0.2, maxZoom: 1 }) }),
    [addNode, addNote, updateNode, updateEdge, updateSettings, remove, copy, paste, duplicate, selectAll, focus, nudge, tidy, exportJson, flow],
  );
}
export type DesignerActions = ReturnType<typeof useDesignerActions>;
