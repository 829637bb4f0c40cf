import { z } from "zod";
import { NodeId } from "./ids";

/** The value a router branch matches on its source field. */
export const BranchWhen = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("eq"), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.strictObject({ op: z.literal("in"), values: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.strictObject({
    op: z.literal("range"),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  }),
]);
export type BranchWhen = z.infer<typeof BranchWhen>;

export const EdgeKind = z.enum(["default", "branch", "unmatched", "timeout", "loop-back", "budget", "error"]);
export type EdgeKind = z.infer<typeof EdgeKind>;

/**
 * `sourceHandle` names the outlet of nodes with several: a human decision id
 * (`approve`, `edit`, …), or `body` / `exit` on a loop.
 */
export const Edge = z.strictObject({
  id: NodeId,
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().min(1).optional(),
  kind: EdgeKind.optional(),
  when: BranchWhen.optional(),
  label: z.string().optional(),
});
export type Edge = z.infer<typeof Edge>;

export function edgeKind(edge: Edge): EdgeKind {
  return edge.kind ?? "default";
}

export function describeWhen(when: BranchWhen): string {
  switch (when.op) {
    case "eq":
      return `= ${JSON.stringify(when.value)}`;
    case "in":
      return `in [${when.values.map((v) => JSON.stringify(v)).join(", ")}]`;
    case "range": {
      const parts: string[] = [];
      if (when.gt !== undefined) parts.push(`> ${when.gt}`);
      if (when.gte !== undefined) parts.push(`>= ${when.gte}`);
      if (when.lt !== undefined) parts.push(`< ${when.lt}`);
      if (when.lte !== undefined) parts.push(`<= ${when.lte}`);
      return parts.join(" and ") || "any number";
    }
  }
}

/** Does a router branch match a runtime value? Types must agree exactly: routing is typed. */
export function whenMatches(when: BranchWhen, value: unknown): boolean {
  switch (when.op) {
    case "eq":
      return value === when.value;
    case "in":
      return (typeof value === "string" || typeof value === "number") && when.values.includes(value);
    case "range": {
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      if (when.gt !== undefined && !(value > when.gt)) return false;
      if (when.gte !== undefined && !(value >= when.gte)) return false;
      if (when.lt !== undefined && !(value < when.lt)) return false;
      if (when.lte !== undefined && !(value <= when.lte)) return false;
      return true;
    }
  }
}
