import type { Ref } from "../graph/refs";

/**
 * A deliberately small condition language for loop exits and escalation rules:
 * comparisons over typed fields joined with && / || / !, e.g.
 *   output.confidence < 0.7 || steps.classify.output.urgency == "high"
 * No function calls, no arithmetic: it must be checkable against contracts at design time.
 */
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type Expr =
  | { type: "literal"; value: string | number | boolean | null }
  | { type: "ref"; ref: Ref; text: string }
  | { type: "not"; expr: Expr }
  | { type: "logical"; op: "&&" | "||"; left: Expr; right: Expr }
  | { type: "compare"; op: CompareOp; left: Expr; right: Expr };

export type ParseResult = { ok: true; expr: Expr } | { ok: false; message: string };

export function exprRefs(expr: Expr): Array<{ ref: Ref; text: string }> {
  switch (expr.type) {
    case "literal":
      return [];
    case "ref":
      return [{ ref: expr.ref, text: expr.text }];
    case "not":
      return exprRefs(expr.expr);
    default:
      return [...exprRefs(expr.left), ...exprRefs(expr.right)];
  }
}
