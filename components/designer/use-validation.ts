"use client";

import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { ProcessGraph } from "@/core/graph";
import { validateGraph, type Diagnostic, type ValidationContext } from "@/core/validation";

/** Above this many nodes validation takes more than a frame here (bench/README), so it moves to a worker. */
export const WORKER_THRESHOLD = 120;

/**
 * Live diagnostics of the draft. Small graphs validate on a deferred copy in the page (typing never
 * waits for it); large ones in a Web Worker, latest edit wins. Falls back to the page if workers fail.
 */
export function useValidation(graph: ProcessGraph, ctx: ValidationContext): Diagnostic[] {
  const large = graph.nodes.length > WORKER_THRESHOLD;
  const deferred = useDeferredValue(graph);
  const local = useMemo(() => (large ? null : validateGraph(deferred, ctx)), [large, deferred, ctx]);
  const [remote, setRemote] = useState<Diagnostic[] | null>(null);
  const worker = useRef<Worker | null | undefined>(undefined);
  const seq = useRef(0);

  useEffect(() => {
    if (!large) return;
    if (worker.current === undefined) {
      try {
        worker.current = new Worker(new URL("./validate.worker.ts", import.meta.url), { type: "module" });
        worker.current.onmessage = (e: MessageEvent<{ id: number; diagnostics: Diagnostic[] }>) => {
          if (e.data.id === seq.current) setRemote(e.data.diagnostics);
        };
      } catch {
        worker.current = null;
      }
    }
    const w = worker.current;
    const id = ++seq.current;
    const timer = setTimeout(() => {
      if (w) w.postMessage({ id, graph, ctx });
      else setRemote(validateGraph(graph, ctx));
    }, 120);
    return () => clearTimeout(timer);
  }, [large, graph, ctx]);

  useEffect(() => () => worker.current?.terminate(), []);
  return local ?? remote ?? [];
}
