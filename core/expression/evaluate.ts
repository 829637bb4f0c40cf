import type { Ref } from "../graph/refs";
import type { Expr } from "./ast";

/** Evaluate a parsed condition. Missing values are `undefined` and compare unequal to everything. */
export function evaluateExpression(expr: Expr, lookup: (ref: Ref) => unknown): unknown {
  switch (expr.type) {
    case "literal":
      return expr.value;
    case "ref":
      return lookup(expr.ref);
    case "not":
      return !truthy(evaluateExpression(expr.expr, lookup));
    case "logical": {
      const left = truthy(evaluateExpression(expr.left, lookup));
      if (expr.op === "&&") return left && truthy(evaluateExpression(expr.right, lookup));
      return left || truthy(evaluateExpression(expr.right, lookup));
    }
    case "compare": {
      const a = evaluateExpression(expr.left, lookup);
      const b = evaluateExpression(expr.right, lookup);
      switch (expr.op) {
        case "==":
          return a === b;
        case "!=":
          return a !== b;
        default:
          if (typeof a !== "number" || typeof b !== "number") return false;
          if (expr.op === "<") return a < b;
          if (expr.op === "<=") return a <= b;
          if (expr.op === ">") return a > b;
          return a >= b;
      }
    }
  }
}

export function truthy(value: unknown): boolean {
  return value === true;
}
