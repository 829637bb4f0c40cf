import { describe, expect, it } from "vitest";
import { compileGraph } from "../compiler/compile-graph";
import { tiers } from "../testing/graphs";
import { chainGraph, nestedLoopsGraph, nestedParallelGraph } from "../testing/large-graphs";
import { validateGraph } from "../validation/validate-graph";
import { GRAPH_LIMITS } from "./limits";
import { findCycles, findJoin, indexGraph, reachableWithout } from "./topology";

const errors = (g: unknown) => validateGraph(g, tiers).filter((d) => d.severity === "error");

describe("graph algorithms on big and deep graphs (no recursion)", () => {
  it("index, cycle search and reachability handle a 20,000-node chain (the recursive search overflowed at 6,000)", () => {
    const g = chainGraph(20_000);
    const index = indexGraph(g);
    expect(findCycles(index)).toEqual([]);
    expect(index.order[0]).toBe("start");
    expect(index.ancestors.get("done")!.size).toBe(19_999);
    expect(index.dominators.get("done")!.has("s1")).toBe(true);
    expect(reachableWithout(index, "start", "done").size).toBe(19_999);
  });

  it("finds a long cycle iteratively", () => {
    const g = chainGraph(10_000);
    g.edges.push({ id: "back", source: "s9998", target: "s1" });
    const cycles = findCycles(indexGraph(g));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(9998);
  });

  it("a 6,000-node chain gets one graph-too-large error instead of a stack overflow", () => {
    const diagnostics = validateGraph(chainGraph(6000), tiers);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "graph-too-large", message: expect.stringContaining("6000 nodes (at most 2000)") })]);
    const edges = chainGraph(10);
    edges.edges = Array.from({ length: GRAPH_LIMITS.edges + 1 }, (_, i) => ({ id: `x${i}`, source: "start", target: "done" }));
    expect(errors(edges).map((d) => d.message)).toEqual([expect.stringContaining(`${GRAPH_LIMITS.edges + 1} edges (at most ${GRAPH_LIMITS.edges})`)]);
  });

  it("a graph at the cap (2,000 nodes) validates and compiles", () => {
    const g = chainGraph(GRAPH_LIMITS.nodes);
    expect(errors(g)).toEqual([]);
    const compiled = compileGraph(g, tiers);
    expect(compiled.ok).toBe(true);
    expect(compiled.plan!.steps).toHaveLength(GRAPH_LIMITS.nodes);
  });

  it("loops nested 600 deep validate and compile", () => {
    const g = nestedLoopsGraph(600);
    expect(errors(g)).toEqual([]);
    expect(compileGraph(g, tiers).ok).toBe(true);
  });

  it("parallel blocks nested 600 deep validate, compile, and each closes at its own join", () => {
    const g = nestedParallelGraph(600);
    expect(errors(g)).toEqual([]);
    const index = indexGraph(g);
    for (const i of [1, 2, 300, 600]) expect(findJoin(index, `p${i}`)).toBe(`j${i}`);
    const compiled = compileGraph(g, tiers);
    expect(compiled.ok).toBe(true);
    expect(compiled.plan!.steps.find((s) => s.id === "p1")!.join).toBe("j1");
  });

  it("a reference to a step that is not upstream is still reported in a long chain", () => {
    const g = chainGraph(1500);
    const first = g.nodes.find((n) => n.id === "s1")!;
    if (first.kind !== "llm") throw new Error("s1 is an llm step");
    first.prompt = "Read {{ steps.s1400.output.text }}";
    expect(errors(g).map((d) => d.code)).toEqual(["ref-not-upstream"]);
  });
});
