import type { ProcessGraph } from "../graph/process-graph";
import { BatonEvents } from "./events";
import type { FunctionConfig } from "./plan-schema";

/** Inngest's own default when `retries` is absent. */
export const DEFAULT_RETRIES = 4;

export function functionIdFor(slug: string, version?: number): string {
  return version ? `${slug}-v${version}` : slug;
}

/**
 * One Inngest function per published version: the trigger filters on slug and version so a
 * run stays on the version it started with while newer versions are published.
 */
export function buildFunctionConfig(graph: ProcessGraph): FunctionConfig {
  const s = graph.settings ?? {};
  const filter = [`event.data.process == "${graph.slug}"`];
  if (graph.version) filter.push(`event.data.version == ${graph.version}`);
  const timeouts = s.timeouts && (s.timeouts.start || s.timeouts.finish)
    ? { start: s.timeouts.start, finish: s.timeouts.finish }
    : undefined;
  return {
    id: functionIdFor(graph.slug, graph.version),
    name: graph.version ? `${graph.name} (v${graph.version})` : graph.name,
    triggers: [{ event: BatonEvents.runRequested, if: filter.join(" && ") }],
    retries: s.retries ?? DEFAULT_RETRIES,
    concurrency: s.concurrency,
    timeouts,
    cancelOn: [{ event: BatonEvents.runCancelRequested, match: "data.runId" }, ...(s.cancelOn ?? [])],
    idempotency: s.idempotencyKey,
  };
}
