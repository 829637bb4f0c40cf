import { describeSchema, type DataSchema } from "../contracts/data-schema";
import type { Ref } from "../graph/refs";
import type { Expr } from "./ast";

export type ExprType = "number" | "string" | "boolean" | "null" | "unknown" | "other";

export interface ExprTypeIssue {
  message: string;
}

/**
 * Check an expression against contract types. `resolve` returns the schema of a reference,
 * or undefined when the reference itself is invalid (already reported by the caller).
 */
export function typecheckExpression(
  expr: Expr,
  resolve: (ref: Ref, text: string) => DataSchema | undefined,
): ExprTypeIssue[] {
  const issues: ExprTypeIssue[] = [];

  const typeOf = (e: Expr): { type: ExprType; schema?: DataSchema; text: string } => {
    switch (e.type) {
      case "literal":
        return {
          type: e.value === null ? "null" : (typeof e.value as ExprType),
          text: JSON.stringify(e.value),
        };
      case "ref": {
        const schema = resolve(e.ref, e.text);
        if (!schema) return { type: "unknown", text: e.text };
        const type: ExprType =
          schema.type === "integer" || schema.type === "number"
            ? "number"
            : schema.type === "string" || schema.type === "boolean"
              ? schema.type
              : "other";
        return { type, schema, text: e.text };
      }
      case "not":
        expectBoolean(e.expr, "!");
        return { type: "boolean", text: "!" };
      case "logical":
        expectBoolean(e.left, e.op);
        expectBoolean(e.right, e.op);
        return { type: "boolean", text: e.op };
      case "compare": {
        const left = typeOf(e.left);
        const right = typeOf(e.right);
        if (left.type !== "unknown" && right.type !== "unknown") {
          if (e.op !== "==" && e.op !== "!=") {
            for (const side of [left, right]) {
              if (side.type !== "number") {
                issues.push({ message: `"${e.op}" compares numbers, but ${side.text} is ${side.schema ? describeSchema(side.schema) : side.type}` });
              }
            }
          } else if (left.type !== right.type && left.type !== "null" && right.type !== "null") {
            issues.push({
              message: `${left.text} (${left.schema ? describeSchema(left.schema) : left.type}) is compared with ${right.text} (${right.schema ? describeSchema(right.schema) : right.type}); they can never be equal`,
            });
          } else {
            checkEnumLiteral(left, right);
            checkEnumLiteral(right, left);
          }
        }
        return { type: "boolean", text: e.op };
      }
    }
  };

  const checkEnumLiteral = (
    side: { schema?: DataSchema; text: string },
    other: { type: ExprType; text: string },
  ) => {
    if (side.schema?.type === "string" && side.schema.enum && other.type === "string") {
      const literal = JSON.parse(other.text) as string;
      if (!side.schema.enum.includes(literal)) {
        issues.push({
          message: `${side.text} is ${describeSchema(side.schema)}; "${literal}" is not one of its values`,
        });
      }
    }
  };

  const expectBoolean = (e: Expr, op: string) => {
    const t = typeOf(e);
    if (t.type !== "boolean" && t.type !== "unknown") {
      issues.push({ message: `"${op}" needs a boolean, but ${t.text} is ${t.schema ? describeSchema(t.schema) : t.type}` });
    }
  };

  const top = typeOf(expr);
  if (top.type !== "boolean" && top.type !== "unknown") {
    issues.push({ message: `the condition must be true or false, but ${top.text} is ${top.schema ? describeSchema(top.schema) : top.type}` });
  }
  return issues;
}
