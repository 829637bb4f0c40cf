import { describe, expect, it } from "vitest";
import { exampleContext, exampleGraphs } from "../examples";
import { baseGraph, humanGraph, parallelGraph, tiers } from "../testing/graphs";
import { canonicalJson } from "./canonical-json";
import { compileGraph } from "./compile-graph";
import { ExecutionPlan } from "./plan-schema";
import { sha256Hex } from "./sha256";

/** Rebuild a value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reverseKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

describe("sha256Hex", () => {
  it("matches the FIPS test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex("é€😀")).toHaveLength(64);
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe("compileGraph", () => {
  it("compiles the same graph to the same plan and hash", () => {
    const a = compileGraph(baseGraph(), tiers);
    const b = compileGraph(baseGraph(), tiers);
    expect(a.ok && b.ok).toBe(true);
    expect(a.plan).toEqual(b.plan);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("does not depend on key order, node order, edge order or canvas positions", () => {
    const graph = baseGraph();
    const reference = compileGraph(graph, tiers);
    const shuffled = reverseKeys({ ...graph, nodes: [...graph.nodes].reverse(), edges: [...graph.edges].reverse() }) as typeof graph;
    shuffled.nodes.forEach((n, i) => (n.position = { x: i * 10, y: i }));
    const again = compileGraph(shuffled, tiers);
    expect(again.hash).toBe(reference.hash);
    expect(canonicalJson(again.plan)).toBe(canonicalJson(reference.plan));
  });

  it("changes the hash when behaviour changes, not when the version does", () => {
    const reference = compileGraph(baseGraph(), tiers).hash;
    const changed = baseGraph();
    changed.nodes[1]!.name = "Classify it";
    expect(compileGraph(changed, tiers).hash).not.toBe(reference);
    expect(compileGraph(baseGraph(), { tiers: { ...tiers.tiers, light: "openai/gpt-4.1-nano" } }).hash).not.toBe(reference);
    const versioned = { ...baseGraph(), version: 7 };
    const compiled = compileGraph(versioned, tiers);
    expect(compiled.hash).toBe(reference);
    expect(compiled.plan?.functionConfig.id).toBe("test-process-v7");
  });

  it("refuses to compile a graph with errors and returns the diagnostics", () => {
    const graph = baseGraph();
    graph.edges = graph.edges.filter((e) => e.id !== "e4");
    const result = compileGraph(graph, tiers);
    expect(result.ok).toBe(false);
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain("router-not-exhaustive");
  });

  it("orders steps canonically, resolves tiers to models and freezes the plan", () => {
    const result = compileGraph(baseGraph(), tiers);
    if (!result.ok) throw new Error("expected a plan");
    const { plan } = result;
    expect(plan.steps.map((s) => s.id)).toEqual(["start", "classify", "route", "lookup", "draft", "done"]);
    expect(plan.steps.find((s) => s.id === "classify")?.models).toEqual(["openai/gpt-4.1-mini"]);
    expect(plan.steps.find((s) => s.id === "draft")?.models).toEqual(["anthropic/claude-sonnet-4-5"]);
    expect(plan.steps.every((s) => !("position" in s.node))).toBe(true);
    expect(Object.isFrozen(plan) && Object.isFrozen(plan.steps[0]!.node)).toBe(true);
    expect(() => ((plan.steps as unknown[]).length = 0)).toThrow();
  });

  it("produces a JSON-serialisable plan that parses with its schema", () => {
    for (const graph of Object.values(exampleGraphs)) {
      const result = compileGraph(graph, exampleContext);
      if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
      const roundTrip = ExecutionPlan.parse(JSON.parse(JSON.stringify(result.plan)));
      expect(canonicalJson(roundTrip)).toBe(canonicalJson(result.plan));
    }
  });

  it("derives the Inngest function config from the process settings", () => {
    const graph = { ...exampleGraphs["orchestrated-task"], version: 3 };
    const result = compileGraph(graph, exampleContext);
    expect(result.plan?.functionConfig).toEqual({
      id: "orchestrated-task-v3",
      name: "Orchestrated task (v3)",
      triggers: [{ event: "baton/run.requested", if: 'event.data.process == "orchestrated-task" && event.data.version == 3' }],
      retries: 2,
      concurrency: { limit: 10 },
      timeouts: { finish: "3d" },
      cancelOn: [
        { event: "baton/run.cancel-requested", match: "data.runId" },
        { event: "baton/task.withdrawn", match: "data.input.requestId" },
      ],
      idempotency: "event.data.idempotencyKey",
    });
    expect(result.plan?.budget).toEqual({ perRunUsd: 2, onBreach: "escalate" });
    expect(compileGraph(baseGraph(), tiers).plan?.functionConfig.retries).toBe(4);
  });

  it("records the join of each parallel block and the SLA of human steps", () => {
    expect(compileGraph(parallelGraph(), tiers).plan?.steps.find((s) => s.id === "fan")?.join).toBe("meet");
    expect(compileGraph(humanGraph(), tiers).plan?.steps.find((s) => s.id === "review")?.timeout).toBe("1h");
  });
});
