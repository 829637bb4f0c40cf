import { describe, expect, it } from "vitest";
import type { DataSchema } from "@/core/contracts";
import { objectRoot, parseJsonText, restoreOptional, safeSchemaName, toStrictJsonSchema } from "./structured-output";

describe("structured output helpers", () => {
  it("makes every object strict: all properties required, optional ones nullable, no extras", () => {
    const schema: DataSchema = {
      type: "object",
      required: ["a"],
      properties: {
        a: { type: "string", enum: ["x", "y"], description: "A" },
        b: { type: "integer", minimum: 1 },
        c: { type: "string", enum: ["p"] },
        d: { type: "object", properties: { e: { type: "boolean" } }, required: ["e"] },
      },
    };
    expect(toStrictJsonSchema(schema)).toEqual({
      type: "object",
      properties: {
        a: { type: "string", enum: ["x", "y"], description: "A" },
        b: { type: ["integer", "null"], minimum: 1 },
        c: { type: ["string", "null"], enum: ["p", null] },
        d: {
          anyOf: [
            { type: "object", properties: { e: { type: "boolean" } }, required: ["e"], additionalProperties: false },
            { type: "null" },
          ],
        },
      },
      required: ["a", "b", "c", "d"],
      additionalProperties: false,
    });
    expect(restoreOptional(schema, { a: "x", b: null, c: null, d: { e: true } })).toEqual({ a: "x", d: { e: true } });
    expect(restoreOptional(schema, { a: null })).toEqual({ a: null }); // required nulls stay, and fail the contract check
  });

  it("wraps scalar and array roots", () => {
    const root = objectRoot({ type: "number" });
    expect(root.schema.required).toEqual(["value"]);
    expect(root.unwrap({ value: 3 })).toBe(3);
    const same = objectRoot({ type: "object", properties: {} });
    expect(same.unwrap({ x: 1 })).toEqual({ x: 1 });
  });

  it("parses plain, fenced and embedded JSON", () => {
    expect(parseJsonText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText('```json\n{"a":1}\n```')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText('Sure! {"a":1} Hope that helps.')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText('{"a":').ok).toBe(false);
    expect(parseJsonText("").ok).toBe(false);
  });

  it("cleans schema names for both APIs", () => {
    expect(safeSchemaName("Classify ticket!")).toBe("Classify_ticket");
    expect(safeSchemaName("???")).toBe("output");
    expect(safeSchemaName("x".repeat(80))).toHaveLength(64);
  });
});
