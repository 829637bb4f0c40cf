import { describe, expect, it } from "vitest";
import { DataSchema } from "./data-schema";
import { resolveSchemaPath, schemaFits } from "./schema-path";
import { validateData } from "./validate-data";

const invoice: DataSchema = {
  type: "object",
  required: ["total", "lines"],
  additionalProperties: false,
  properties: {
    total: { type: "number", minimum: 0 },
    currency: { type: "string", enum: ["EUR", "USD"] },
    lines: { type: "array", items: { type: "object", required: ["sku", "qty"], properties: { sku: { type: "string" }, qty: { type: "integer" } } } },
  },
};

describe("validateData", () => {
  it("accepts a matching value", () => {
    expect(validateData(invoice, { total: 3, currency: "EUR", lines: [{ sku: "A", qty: 1 }] })).toEqual([]);
  });

  it("lists every difference with its path, expected and received", () => {
    const issues = validateData(invoice, { total: -1, currency: "GBP", lines: [{ sku: "A", qty: 1.5 }, { qty: 2 }], extra: true });
    expect(issues.map((i) => [i.path, i.expected, i.received])).toEqual([
      ["currency", 'enum("EUR" | "USD")', 'string "GBP"'],
      ["lines.0.qty", "integer", "number"],
      ["lines.1.sku", "string", "nothing"],
      ["total", ">= 0", "-1"],
      ["extra", "no such field", "boolean"],
    ]);
  });

  it("reports a wrong root type", () => {
    expect(validateData(invoice, null)[0]).toMatchObject({ path: "", expected: "object", received: "null" });
  });

  it("parses only the supported JSON-Schema subset", () => {
    expect(DataSchema.safeParse(invoice).success).toBe(true);
    expect(DataSchema.safeParse({ type: "object", properties: {}, oneOf: [] }).success).toBe(false);
    expect(DataSchema.safeParse({ type: "date" }).success).toBe(false);
  });
});

describe("schema paths and fits", () => {
  it("resolves paths and names the fields available where a path stops", () => {
    expect(resolveSchemaPath(invoice, ["lines", "0", "sku"])).toEqual({ ok: true, schema: { type: "string" } });
    expect(resolveSchemaPath(invoice, ["lines", "0", "name"])).toMatchObject({ ok: false, at: "lines.0", available: ["qty", "sku"] });
  });

  it("distinguishes fits, narrowing and mismatches", () => {
    expect(schemaFits({ type: "integer" }, { type: "number" })).toBe("ok");
    expect(schemaFits({ type: "number" }, { type: "integer" })).toBe("narrowing");
    expect(schemaFits({ type: "string" }, { type: "string", enum: ["a"] })).toBe("narrowing");
    expect(schemaFits({ type: "string", enum: ["a"] }, { type: "string", enum: ["a", "b"] })).toBe("ok");
    expect(schemaFits({ type: "boolean" }, { type: "string" })).toBe("mismatch");
  });
});
