import { describe, expect, it } from "vitest";
import { supportTriage } from "@/core/examples";
import type { ProcessGraph } from "@/core/graph";
import { canonical, diffGraphs, flattenSchema } from "./graph-diff";

const copy = (): ProcessGraph => JSON.parse(JSON.stringify(supportTriage)) as ProcessGraph;

describe("diffGraphs", () => {
  it("finds nothing between a graph and itself, moved nodes and reordered keys included", () => {
    const moved = copy();
    moved.nodes[0]!.position = { x: 999, y: 999 };
    moved.settings = Object.fromEntries(Object.entries(moved.settings!).reverse());
    expect(diffGraphs(supportTriage, moved).empty).toBe(true);
  });

  it("lists added, removed and changed nodes and edges", () => {
    const next = copy();
    next.nodes = next.nodes.filter((n) => n.id !== "escalate");
    next.edges = next.edges.filter((e) => e.target !== "escalate" && e.source !== "escalate");
    next.nodes.push({ id: "wait", kind: "delay", name: "Wait", duration: "1h" });
    const draft = next.nodes.find((n) => n.id === "draft")!;
    draft.name = "Draft a reply";
    const diff = diffGraphs(supportTriage, next);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(["wait"]);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(["escalate"]);
    expect(diff.nodes.changed).toEqual([{ id: "draft", name: "Draft a reply", fields: ["name"] }]);
    expect(diff.edges.removed.length).toBeGreaterThan(0);
    expect(diff.empty).toBe(false);
  });

  it("reports contract fields added, removed and retyped, model and tier changes, policy and settings changes", () => {
    const next = copy();
    const classify = next.nodes.find((n) => n.id === "classify")!;
    if (classify.kind !== "llm" || classify.outputSchema.type !== "object") throw new Error("fixture");
    const props = classify.outputSchema.properties;
    delete props.summary;
    props.language = { type: "string" };
    props.category = { type: "string", enum: ["billing", "technical", "other"] };
    classify.model = { tier: "mid" };
    classify.policy = { retries: 5 };
    next.settings = { ...next.settings, retries: 1 };
    const diff = diffGraphs(supportTriage, next);
    expect(diff.contracts).toEqual([
      { nodeId: "classify", schema: "outputSchema", path: "category", change: "retyped", from: "enum(billing | technical | account | other)", to: "enum(billing | technical | other)" },
      { nodeId: "classify", schema: "outputSchema", path: "language", change: "added", to: "string (optional)" },
      { nodeId: "classify", schema: "outputSchema", path: "summary", change: "removed", from: "string" },
    ]);
    expect(diff.models).toEqual([{ nodeId: "classify", from: "tier light → tier mid", to: "tier mid → tier mid" }]);
    expect(diff.policies.map((p) => p.nodeId)).toEqual(["classify", null]);
  });

  it("treats everything as added when nothing is published yet", () => {
    const diff = diffGraphs(null, supportTriage);
    expect(diff.nodes.added).toHaveLength(supportTriage.nodes.length);
    expect(diff.edges.added).toHaveLength(supportTriage.edges.length);
  });

  it("flattens nested objects and arrays into typed paths", () => {
    const paths = flattenSchema({
      type: "object",
      required: ["a"],
      properties: { a: { type: "object", properties: { b: { type: "integer" } } }, list: { type: "array", items: { type: "object", required: ["x"], properties: { x: { type: "boolean" } } } } },
    });
    expect(Object.fromEntries(paths)).toEqual({ a: "object", "a.b": "integer (optional)", list: "array<object> (optional)", "list[].x": "boolean" });
    expect(canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });
});
