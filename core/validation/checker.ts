import type { ProcessGraph } from "../graph/process-graph";
import type { GraphIndex } from "../graph/topology";
import type { Node } from "../graph/nodes";
import type { Diagnostic, ValidationContext } from "./diagnostic";

/** What every check receives: the parsed graph, its index, the context, and a sink. */
export interface Checker {
  graph: ProcessGraph;
  index: GraphIndex;
  ctx: ValidationContext;
  report(diagnostic: Diagnostic): void;
}

export function label(node: Node | undefined, fallbackId?: string): string {
  if (!node) return `"${fallbackId ?? "?"}"`;
  return node.name === node.id ? `"${node.id}"` : `"${node.name}" (${node.id})`;
}

export function list(values: readonly (string | number | boolean)[], max = 8): string {
  const shown = values.slice(0, max).map((v) => (typeof v === "string" ? `"${v}"` : String(v)));
  return values.length > max ? `${shown.join(", ")}, … (${values.length - max} more)` : shown.join(", ");
}
