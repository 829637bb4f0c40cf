import { describe, expect, it } from "vitest";
import { exampleGraphs } from "@/core/examples";
import type { ObjectSchema } from "@/core/contracts";
import { fieldProblems, fieldsOf, newFieldName, rowsForSchema, schemaOf, type SchemaField } from "./schema-fields";

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

  // Regression: the editor re-derived its rows from the saved schema on every edit, and a field
  // without a name has no place in a JSON Schema, so clearing a name deleted the row.
  it("keeps a row whose name is cleared (top level and nested) until it is named again, then saves it", () => {
    const schema = schemaOf([
      { name: "category", type: "string", required: true, enum: ["a", "b"] },
      { name: "customer", type: "object", required: true, fields: [{ name: "id", type: "string", required: true }] },
    ]);
    // One editor cycle: the rows shown, an edit, the schema saved from it, the rows shown next.
    const cycle = (rows: SchemaField[], edit: (r: SchemaField[]) => SchemaField[]) => {
      const next = edit(rows);
      return rowsForSchema(schemaOf(next), next);
    };
    let rows = rowsForSchema(schema, null);
    rows = cycle(rows, (r) => r.map((f, i) => (i === 0 ? { ...f, name: "" } : f)));
    expect(rows.map((f) => f.name)).toEqual(["", "customer"]);
    expect(rows[0]).toMatchObject({ type: "string", enum: ["a", "b"], required: true });
    expect(fieldProblems(rows)).toEqual(["A field under the top level has no name."]);

    rows = cycle(rows, (r) => r.map((f, i) => (i === 1 ? { ...f, fields: [{ ...f.fields![0]!, name: "" }] } : f)));
    expect(rows[1]!.fields!.map((f) => f.name)).toEqual([""]);

    rows = cycle(rows, (r) => r.map((f, i) => (i === 0 ? { ...f, name: "kind" } : i === 1 ? { ...f, fields: [{ ...f.fields![0]!, name: "ref" }] } : f)));
    expect(schemaOf(rows)).toEqual({
      type: "object",
      required: ["kind", "customer"],
      properties: { kind: { type: "string", enum: ["a", "b"] }, customer: { type: "object", required: ["ref"], properties: { ref: { type: "string" } } } },
    });
  });

  it("keeps a repeated name as two rows, and rebuilds rows when the schema changed elsewhere (undo, raw JSON)", () => {
    const rows = rowsForSchema(schemaOf([{ name: "a", type: "string", required: false }]), null);
    const dup = [...rows, { name: "a", type: "number" as const, required: false }];
    expect(rowsForSchema(schemaOf(dup), dup)).toHaveLength(2);
    const elsewhere = schemaOf([{ name: "b", type: "boolean", required: true }]);
    expect(rowsForSchema(elsewhere, dup)).toEqual(fieldsOf(elsewhere));
  });
});
