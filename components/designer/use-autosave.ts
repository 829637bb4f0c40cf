"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { ProcessGraph } from "@/core/graph";
import { useTRPC } from "@/components/trpc/client";
import { useLeaveGuard } from "./use-leave-guard";

export type SaveState = { status: "saved" | "dirty" | "saving" } | { status: "error" | "conflict"; message: string };

export const AUTOSAVE_MS = 800;

/**
 * Saves the draft a moment after the last edit. Each save names the revision it was based on;
 * the server refuses a save over a newer revision (another tab or user), and we then stop
 * saving and offer a reload instead of overwriting. Leaving with unsaved edits asks first.
 */
export function useAutosave(slug: string, graph: ProcessGraph, initialRevision: number, enabled: boolean) {
  const trpc = useTRPC();
  const saved = useRef(graph);
  const revision = useRef(initialRevision);
  const [state, setState] = useState<SaveState>({ status: "saved" });
  const save = useMutation(trpc.processes.update.mutationOptions());
  const { mutateAsync } = save;
  const dirty = graph !== saved.current;
  const blocked = state.status === "conflict";

  useEffect(() => {
    if (!enabled || !dirty || blocked) return;
    setState({ status: "dirty" });
    const timer = setTimeout(() => {
      setState({ status: "saving" });
      mutateAsync({ id: slug, data: { graph: graph as unknown as Record<string, unknown>, baseRevision: revision.current } }).then(
        (result) => {
          revision.current = result.draftRevision;
          saved.current = graph;
          setState({ status: "saved" });
        },
        (error: { message: string; data?: { code?: string } | null }) => {
          setState({ status: error.data?.code === "CONFLICT" ? "conflict" : "error", message: error.message });
        },
      );
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [enabled, dirty, blocked, graph, slug, mutateAsync]);

  useLeaveGuard(dirty);

  // Derived, not stored: an undo back to the saved graph is "saved" again without a round trip.
  const shown: SaveState = dirty && state.status === "saved" ? { status: "dirty" } : !dirty && state.status === "dirty" ? { status: "saved" } : state;
  return { state: shown, dirty };
}
