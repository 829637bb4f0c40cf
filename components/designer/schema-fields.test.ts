import { describe, expect, it } from "vitest";
import { exampleGraphs } from "@/core/examples";
import type { ObjectSchema } from "@/core/contracts";
import { fieldProblems, fieldsOf, newFieldName, schemaOf } from "./schema-fields";

const schemas = Object.values(exampleGraphs).flatMap((g) =>
  g.nodes.flatMap((n) =>
    n.kind === "trigger" ? [n.inputSchema] : n.kind === "llm" ? [n.outputSchema] : n.kind === "tool" ? [n.contract.inputSchema, n.contract.outputSchema] : [],
  ),
) as ObjectSchema[];

describe("schema field list", () => {
  it("round-trips every contract of the seeded processes (nested objects, arrays, enums, constraints)", () => {
    expect(schemas.length).toBeGreaterThan(5);
    for (const s of schemas) expect(schemaOf(fieldsOf(s), Object.fromEntries(Object.entries(s).filter(([k]) => !["type", "properties", "required"].includes(k))))).toEqual(s);
  });

  it("edits rows into a schema: required, enum, description, nested and array items", () => {
    const schema = schemaOf([
      { name: "category", type: "string", required: true, enum: ["a", "b"], description: "Kind" },
      { name: "score", type: "number", required: false, extra: { minimum: 0 } },
      { name: "customer", type: "object", required: true, fields: [{ name: "id", type: "string", required: true }] },
      { name: "tags", type: "array", required: false, item: { name: "item", type: "string", required: true } },
      { name: "", type: "string", required: true },
    ]);
    expect(schema).toEqual({
      type: "object",
      required: ["category", "customer"],
      properties: {
        category: { type: "string", enum: ["a", "b"], description: "Kind" },
        score: { type: "number", minimum: 0 },
        customer: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        tags: { type: "array", items: { type: "string" } },
      },
    });
  });

  it("names new fields uniquely and reports unnamed or repeated ones", () => {
    expect(newFieldName([{ name: "field1", type: "string", required: false }])).toBe("field2");
    expect(
      fieldProblems([
        { name: "a", type: "string", required: false },
        { name: "a", type: "string", required: false },
        { name: "o", type: "object", required: false, fields: [{ name: "", type: "string", required: false }] },
      ]),
    ).toEqual(['"a" appears twice.', "A field under o has no name."]);
  });
});
