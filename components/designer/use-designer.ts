"use client";

import { useCallback, useMemo, useState } from "react";
import type { ProcessGraph } from "@/core/graph";
import type { GraphChangeMeta } from "@/components/graph";
import { createHistory, record, redo, reset, undo, type History } from "./history";

/**
 * The designer's working state: the draft graph with its undo history, and the selection
 * (kept out of history on purpose: undo restores the graph, not where you clicked).
 */
export function useDesigner(initial: ProcessGraph) {
  const [history, setHistory] = useState<History<ProcessGraph>>(() => createHistory(initial));
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const graph = history.present;

  const change = useCallback((next: Pick<ProcessGraph, "nodes" | "edges"> & Partial<ProcessGraph>, meta: GraphChangeMeta) => {
    setHistory((h) => record(h, { ...h.present, ...next }, { group: meta.group, at: Date.now() }));
  }, []);

  /** Apply `fn` to the current graph (for edits that must see the latest state, e.g. typing). */
  const update = useCallback((fn: (g: ProcessGraph) => ProcessGraph, meta: GraphChangeMeta) => {
    setHistory((h) => record(h, fn(h.present), { group: meta.group, at: Date.now() }));
  }, []);

  const actions = useMemo(
    () => ({
      undo: () => setHistory(undo),
      redo: () => setHistory(redo),
      replace: (g: ProcessGraph) => setHistory(reset(g)),
    }),
    [],
  );

  return {
    graph,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    selection,
    setSelection,
    change,
    update,
    ...actions,
  };
}
export type Designer = ReturnType<typeof useDesigner>;
