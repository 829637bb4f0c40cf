import type { DataSchema } from "../contracts/data-schema";
import type { Node } from "./nodes";

export type OutputShape = { kind: "typed"; schema: DataSchema } | { kind: "untyped" } | { kind: "none" };

/**
 * The contract of what a node puts into run state under `steps.<id>.output`.
 * Human steps expose the decision taken and the (possibly edited) subject output.
 */
export function outputShapeOf(node: Node, nodes: ReadonlyMap<string, Node>): OutputShape {
  switch (node.kind) {
    case "llm":
      return { kind: "typed", schema: node.outputSchema };
    case "tool":
      return { kind: "typed", schema: node.contract.outputSchema };
    case "subprocess":
      return node.outputSchema ? { kind: "typed", schema: node.outputSchema } : { kind: "untyped" };
    case "loop":
      return {
        kind: "typed",
        schema: { type: "object", properties: { iteration: { type: "integer", minimum: 1 } }, required: ["iteration"] },
      };
    case "human": {
      const subject = node.subject ? nodes.get(node.subject) : undefined;
      const subjectShape = subject && subject.kind !== "human" ? outputShapeOf(subject, nodes) : undefined;
      const properties: Record<string, DataSchema> = {
        // "timeout" is recorded when the SLA passes without a decision.
        decision: { type: "string", enum: [...node.decisions.map((d) => d.id), "timeout"] },
        comment: { type: "string" },
        actor: { type: "string" },
      };
      if (subjectShape?.kind === "typed") properties.output = subjectShape.schema;
      return { kind: "typed", schema: { type: "object", properties, required: ["decision"] } };
    }
    default:
      return { kind: "none" };
  }
}
