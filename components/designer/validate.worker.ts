/// <reference lib="webworker" />
import { validateGraph, type ValidationContext } from "@/core/validation";

/** Validation off the main thread for large graphs: the same `core/validation` the server runs. */
self.onmessage = (event: MessageEvent<{ id: number; graph: unknown; ctx: ValidationContext }>) => {
  const { id, graph, ctx } = event.data;
  self.postMessage({ id, diagnostics: validateGraph(graph, ctx) });
};
