import type { DataSchema } from "@/core/contracts";
import { indexGraph, outputShapeOf, type ProcessGraph } from "@/core/graph";
import { typeName } from "./graph-diff";

/**
 * The references a template at `nodeId` may use: trigger input fields and the typed output
 * fields of the steps certain to have run before it (its dominators), each with its type. The
 * same rule `core/validation` checks, computed here for the `{{` picker and the router source.
 */
export interface ScopeEntry {
  ref: string;
  type: string;
  /** The step that produces it (`input` for the trigger). */
  from: string;
  schema: DataSchema;
}

function walk(schema: DataSchema, prefix: string, from: string, out: ScopeEntry[]) {
  out.push({ ref: prefix, type: typeName(schema), from, schema });
  if (schema.type === "object") for (const [key, child] of Object.entries(schema.properties)) walk(child, `${prefix}.${key}`, from, out);
}

export function referenceScope(graph: Pick<ProcessGraph, "nodes" | "edges">, nodeId: string): ScopeEntry[] {
  const index = indexGraph({ slug: "scope", name: "scope", ...graph });
  const out: ScopeEntry[] = [];
  const trigger = index.trigger;
  if (trigger?.kind === "trigger" && trigger.inputSchema.type === "object") {
    for (const [key, child] of Object.entries(trigger.inputSchema.properties)) walk(child, `input.${key}`, "input", out);
  }
  const before = index.dominators.get(nodeId) ?? new Set<string>();
  for (const id of index.order) {
    if (!before.has(id) || id === nodeId) continue;
    const node = index.nodes.get(id)!;
    const shape = outputShapeOf(node, index.nodes);
    if (shape.kind !== "typed" || shape.schema.type !== "object") continue;
    for (const [key, child] of Object.entries(shape.schema.properties)) walk(child, `steps.${id}.output.${key}`, id, out);
  }
  return out;
}

/** A router branches on enum, boolean or numeric fields only. */
export function routerSources(scope: readonly ScopeEntry[]): ScopeEntry[] {
  return scope.filter((e) => (e.schema.type === "string" && e.schema.enum) || e.schema.type === "boolean" || e.schema.type === "number" || e.schema.type === "integer");
}

/** The entries matching what follows an unclosed `{{` at the caret, or null when not inside one. */
export function completionQuery(text: string, caret: number): { start: number; query: string } | null {
  const open = text.lastIndexOf("{{", caret);
  if (open < 0 || text.lastIndexOf("}}", caret) > open) return null;
  const query = text.slice(open + 2, caret).trim();
  return /^[\w.-]*$/.test(query) ? { start: open, query } : null;
}
