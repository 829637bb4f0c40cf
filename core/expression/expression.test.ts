import { describe, expect, it } from "vitest";
import type { DataSchema } from "../contracts/data-schema";
import { resolveSchemaPath } from "../contracts/schema-path";
import { evaluateExpression } from "./evaluate";
import { parseExpression } from "./parse";
import { typecheckExpression } from "./typecheck";

const output: DataSchema = {
  type: "object",
  properties: { confidence: { type: "number" }, status: { type: "string", enum: ["done", "failed"] }, ok: { type: "boolean" } },
};

function evalWith(source: string, value: Record<string, unknown>) {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluateExpression(parsed.expr, (ref) => (ref.root === "output" ? value[ref.path[0]!] : undefined));
}

describe("condition expressions", () => {
  it("evaluates comparisons with && || ! and parentheses", () => {
    expect(evalWith('output.confidence < 0.7 || output.status != "done"', { confidence: 0.9, status: "done" })).toBe(false);
    expect(evalWith('output.confidence < 0.7 || output.status != "done"', { confidence: 0.5, status: "done" })).toBe(true);
    expect(evalWith("!(output.ok && output.confidence >= -1)", { ok: true, confidence: 0 })).toBe(false);
    expect(evalWith("output.missing > 3", {})).toBe(false);
  });

  it("explains syntax errors", () => {
    expect(parseExpression("output.confidence <")).toEqual({ ok: false, message: "expected a value or reference at the end" });
    expect(parseExpression('output.x == "open')).toMatchObject({ ok: false });
    expect(parseExpression("foo.bar == 1")).toMatchObject({ ok: false, message: expect.stringContaining('starts with "foo"') });
  });

  it("type-checks against contracts", () => {
    const check = (source: string) => {
      const parsed = parseExpression(source);
      if (!parsed.ok) throw new Error(parsed.message);
      return typecheckExpression(parsed.expr, (ref) => {
        const r = resolveSchemaPath(output, ref.root === "output" ? ref.path : []);
        return r.ok ? r.schema : undefined;
      }).map((i) => i.message);
    };
    expect(check("output.confidence < 0.7 && output.ok")).toEqual([]);
    expect(check('output.status == "maybe"')[0]).toContain('"maybe" is not one of its values');
    expect(check("output.status < 1")[0]).toContain('"<" compares numbers');
    expect(check("output.confidence")[0]).toContain("must be true or false");
    expect(check("output.ok == 1")[0]).toContain("can never be equal");
  });
});
