import { describe, expect, it } from "vitest";
import type { DataSchema } from "@/core/contracts";
import { appendItem, changedPaths, emptyValue, getAt, humanize, initialValue, jsonEqual, moveItem, pathKey, removeItem, setAt } from "./value-model";

const order: DataSchema = {
  type: "object",
  required: ["customer", "lines", "priority", "express"],
  properties: {
    customer: { type: "object", required: ["email"], properties: { email: { type: "string" }, name: { type: "string" } } },
    lines: { type: "array", minItems: 1, items: { type: "object", required: ["sku", "qty"], properties: { sku: { type: "string" }, qty: { type: "integer", minimum: 1 } } } },
    priority: { type: "string", enum: ["low", "high"] },
    express: { type: "boolean" },
    note: { type: "string" },
  },
};

describe("paths", () => {
  it("joins paths the way validateData reports them", () => {
    expect(pathKey(["lines", 2, "sku"])).toBe("lines.2.sku");
    expect(pathKey([])).toBe("");
  });

  it("reads through objects and arrays and stops at anything else", () => {
    const v = { lines: [{ sku: "A" }, { sku: "B" }] };
    expect(getAt(v, ["lines", 1, "sku"])).toBe("B");
    expect(getAt(v, ["lines", 5, "sku"])).toBeUndefined();
    expect(getAt(v, ["lines", 0, "sku", "x"])).toBeUndefined();
  });

  it("writes immutably, creating containers on the way", () => {
    const v = { customer: { email: "a@b.c" } };
    const next = setAt(v, ["lines", 0, "sku"], "A");
    expect(next).toEqual({ customer: { email: "a@b.c" }, lines: [{ sku: "A" }] });
    expect(v).toEqual({ customer: { email: "a@b.c" } });
    expect((next as typeof v).customer).toBe(v.customer);
  });

  it("removes a key when set to undefined, so a cleared optional field is left out", () => {
    expect(setAt({ note: "x", express: true }, ["note"], undefined)).toEqual({ express: true });
    expect(Object.keys(setAt({ a: { b: 1 } }, ["a", "b"], undefined) as object)).toEqual(["a"]);
  });
});

describe("array items", () => {
  const v = { lines: ["a", "b", "c"] };

  it("appends and removes by index", () => {
    expect(appendItem(v, ["lines"], "d")).toEqual({ lines: ["a", "b", "c", "d"] });
    expect(appendItem({}, ["lines"], "a")).toEqual({ lines: ["a"] });
    expect(removeItem(v, ["lines"], 1)).toEqual({ lines: ["a", "c"] });
  });

  it("moves an item up or down and clamps at the ends", () => {
    expect(moveItem(v, ["lines"], 2, 0)).toEqual({ lines: ["c", "a", "b"] });
    expect(moveItem(v, ["lines"], 0, 1)).toEqual({ lines: ["b", "a", "c"] });
    expect(moveItem(v, ["lines"], 2, 3)).toEqual({ lines: ["a", "b", "c"] });
    expect(moveItem(v, ["lines"], 7, 0)).toBe(v);
  });
});

describe("starting values", () => {
  it("fills required fields only, leaving numbers and enums for the person to choose", () => {
    expect(emptyValue(order)).toEqual({ customer: { email: "" }, lines: [{ sku: "" }], express: false });
  });

  it("lays a prefill over the empty value where it fits the schema", () => {
    const prefill = { customer: { email: "x@y.z", name: 5 }, lines: [{ sku: "A", qty: 2 }, { sku: 3 }], priority: "high", note: "hi", legacy: true };
    expect(initialValue(order, prefill)).toEqual({
      customer: { email: "x@y.z" },
      lines: [{ sku: "A", qty: 2 }, { sku: "" }],
      priority: "high",
      express: false,
      note: "hi",
      legacy: true,
    });
  });

  it("falls back to the empty value for a prefill of the wrong shape", () => {
    expect(initialValue(order, "nope")).toEqual(emptyValue(order));
    expect(initialValue(order, undefined)).toEqual(emptyValue(order));
  });
});

describe("diff against the original", () => {
  const original = { customer: { email: "a@b.c", name: "Ann" }, lines: [{ sku: "A", qty: 1 }], priority: "low", express: false };

  it("lists the changed leaves by path", () => {
    const edited = { ...original, customer: { email: "a@b.c", name: "Anne" }, lines: [{ sku: "A", qty: 3 }], express: true };
    expect(changedPaths(order, original, edited)).toEqual(["customer.name", "lines.0.qty", "express"]);
  });

  it("marks a whole array when items were added or removed, and a cleared field as changed", () => {
    const edited = { ...original, lines: [...original.lines, { sku: "B", qty: 1 }], customer: { email: "a@b.c" } };
    expect(changedPaths(order, original, edited)).toEqual(["customer.name", "lines"]);
  });

  it("finds nothing when only key order differs", () => {
    expect(changedPaths(order, original, { express: false, priority: "low", lines: [{ qty: 1, sku: "A" }], customer: { name: "Ann", email: "a@b.c" } })).toEqual([]);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe("labels", () => {
  it("turns contract keys into readable labels", () => {
    expect(humanize("customerEmail")).toBe("Customer email");
    expect(humanize("ticket_id")).toBe("Ticket id");
    expect(humanize("plan")).toBe("Plan");
  });
});
