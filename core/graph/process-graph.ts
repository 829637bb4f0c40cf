import { z } from "zod";
import { Edge } from "./edges";
import { Slug } from "./ids";
import { GRAPH_LIMITS } from "./limits";
import { Node } from "./nodes";
import { ProcessSettings } from "./settings";

/**
 * A sticky note on the canvas: documentation for people. Validation, the compiler and the plan
 * hash ignore notes, so adding or editing one never changes what runs.
 */
export const StickyNote = z.strictObject({
  id: z.string().min(1).max(100),
  text: z.string().max(5000),
  position: z.strictObject({ x: z.number(), y: z.number() }),
  color: z.enum(["yellow", "blue", "green", "pink"]).optional(),
  /** Drawn size in canvas pixels; a default size when absent. */
  size: z.strictObject({ width: z.number().min(80).max(2000), height: z.number().min(40).max(2000) }).optional(),
});
export type StickyNote = z.infer<typeof StickyNote>;

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
  /** Sticky notes on the canvas (ignored by validation and the compiler). */
  notes: z.array(StickyNote).max(200).optional(),
});
export type ProcessGraph = z.infer<typeof ProcessGraph>;
