import { z } from "zod";

/** What the run page paints on the graph, beyond the run itself (`runs.get`). */
export const runGraphView = z.object({
  runId: z.string(),
  version: z.number().int(),
  /** The graph of the exact version the run is pinned to (core's ProcessGraph nodes, edges and sticky notes). */
  graph: z.object({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()), notes: z.array(z.unknown()).optional() }),
  stepOrder: z.array(z.string()).describe("The plan's step ids in execution order: a rerun from one reuses the results of every step before it"),
  children: z.array(z.object({ id: z.string(), process: z.string(), status: z.string() })).describe("Runs started by this run's sub-process steps"),
  escalations: z.array(
    z.object({
      id: z.string(),
      nodeId: z.string(),
      stepId: z.string(),
      status: z.string(),
      reason: z.string(),
      role: z.string(),
      decision: z.string().nullable(),
      comment: z.string().nullable(),
      proposedOutput: z.unknown(),
      output: z.unknown(),
      resolvedBy: z.string().nullable(),
      resolvedAt: z.date().nullable(),
      dueAt: z.date().nullable(),
      createdAt: z.date(),
    }),
  ),
});
export type RunGraphView = z.infer<typeof runGraphView>;
