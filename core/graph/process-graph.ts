import { z } from "zod";
import { Edge } from "./edges";
import { Slug } from "./ids";
import { GRAPH_LIMITS } from "./limits";
import { Node } from "./nodes";
import { ProcessSettings } from "./settings";

/** A process as drawn: the source of truth the designer edits and the compiler reads. */
export const ProcessGraph = z.strictObject({
  id: z.string().optional(),
  slug: Slug,
  name: z.string().min(1),
  description: z.string().optional(),
  version: z.number().int().positive().optional(),
  nodes: z.array(Node).max(GRAPH_LIMITS.nodes),
  edges: z.array(Edge).max(GRAPH_LIMITS.edges),
  settings: ProcessSettings.optional(),
});
export type ProcessGraph = z.infer<typeof ProcessGraph>;
