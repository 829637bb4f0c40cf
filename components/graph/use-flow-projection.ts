"use client";

import { useMemo, useRef, useState, useCallback } from "react";
import type { Dimensions, NodeChange } from "@xyflow/react";
import type { ProcessGraph } from "@/core/graph";
import type { Diagnostic } from "@/core/validation";
import { toFlow, type CanvasFlowNode, type NodeDecorations, type NoteFlowNode, type StepFlowEdge, type StepFlowNode } from "./flow";

const sameList = <T,>(a: readonly T[], b: readonly T[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
// Validation returns new diagnostic objects on every run; compare what a card shows, so a re-run
// that finds the same problems re-renders nothing.
const sameDiagnostics = (a: readonly Diagnostic[], b: readonly Diagnostic[]) =>
  a === b || (a.length === b.length && a.every((x, i) => x.severity === b[i]!.severity && x.message === b[i]!.message));

function sameNode(a: StepFlowNode, b: StepFlowNode): boolean {
  return (
    a.data.node === b.data.node &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.data.overlay === b.data.overlay &&
    a.data.model?.name === b.data.model?.name &&
    a.data.model?.price === b.data.model?.price &&
    sameList(a.data.outgoing, b.data.outgoing) &&
    sameDiagnostics(a.data.diagnostics, b.data.diagnostics)
  );
}

/**
 * The canvas's controlled nodes and edges: `toFlow` of the graph plus what only the canvas knows
 * (measured sizes, selection). Unchanged nodes keep their object identity between renders, so
 * React Flow and the memoised cards skip them: dragging one node re-renders one card.
 */
export function useFlowProjection(graph: Pick<ProcessGraph, "nodes" | "edges" | "notes">, deco: NodeDecorations, selected: ReadonlySet<string>) {
  const [sizes, setSizes] = useState<ReadonlyMap<string, Dimensions>>(new Map());
  const cache = useRef(new Map<string, StepFlowNode>());
  const noteCache = useRef(new Map<string, NoteFlowNode>());

  const flow = useMemo(() => toFlow(graph, deco), [graph, deco]);

  const nodes = useMemo(() => {
    const next = new Map<string, StepFlowNode>();
    const list = flow.nodes.map((fresh) => {
      const measured = sizes.get(fresh.id);
      const isSelected = selected.has(fresh.id);
      const prev = cache.current.get(fresh.id);
      const node =
        prev && sameNode(prev, fresh) && prev.measured === measured && Boolean(prev.selected) === isSelected ? prev : { ...fresh, measured, selected: isSelected };
      next.set(fresh.id, node);
      return node;
    });
    cache.current = next;
    // Notes first: drawn under the steps.
    const notes = new Map<string, NoteFlowNode>();
    const noteList = flow.notes.map((fresh) => {
      const prev = noteCache.current.get(fresh.id);
      const isSelected = selected.has(fresh.id);
      const measured = sizes.get(fresh.id);
      const node = prev && prev.data.note === fresh.data.note && prev.measured === measured && Boolean(prev.selected) === isSelected ? prev : { ...fresh, measured, selected: isSelected };
      notes.set(fresh.id, node);
      return node;
    });
    noteCache.current = notes;
    return [...noteList, ...list] as CanvasFlowNode[];
  }, [flow.nodes, flow.notes, sizes, selected]);

  const edges = useMemo<StepFlowEdge[]>(() => flow.edges.map((e) => (selected.has(e.id) ? { ...e, selected: true } : e)), [flow.edges, selected]);

  /** Keeps the sizes React Flow measured; returns the changes the caller must interpret. */
  const takeDimensions = useCallback((changes: NodeChange<CanvasFlowNode>[]) => {
    const dims = changes.filter((c) => c.type === "dimensions" && c.dimensions);
    if (dims.length) {
      setSizes((prev) => {
        const next = new Map(prev);
        for (const c of dims) if (c.type === "dimensions" && c.dimensions) next.set(c.id, c.dimensions);
        return next;
      });
    }
    return changes.filter((c) => c.type !== "dimensions");
  }, []);

  return { nodes, edges, takeDimensions };
}
