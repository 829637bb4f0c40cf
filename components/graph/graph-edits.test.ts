import { describe, expect, it } from "vitest";
import { baseGraph, humanGraph, loopGraph } from "@/core/testing/graphs";
import { validateGraph } from "@/core/validation";
import { tiers } from "@/core/testing/graphs";
import { connect, insertIntoEdge, moveNodes, removeElements, uniqueId } from "./graph-edits";
import { nodeSummary, shortRef } from "./node-summary";

describe("graph edits", () => {
  it("names new ids after their base, skipping taken ones", () => {
    expect(uniqueId("draft", new Set())).toBe("draft");
    expect(uniqueId("draft", new Set(["draft", "draft-2"]))).toBe("draft-3");
    expect(uniqueId("12 my step!", new Set())).toBe("my-step-");
  });

  it("moves only the named nodes and rounds positions", () => {
    const g = baseGraph();
    const moved = moveNodes(g, new Map([["draft", { x: 10.4, y: 20.6 }]]));
    expect(moved.nodes.find((n) => n.id === "draft")!.position).toEqual({ x: 10, y: 21 });
    expect(moved.nodes.find((n) => n.id === "start")).toBe(g.nodes.find((n) => n.id === "start"));
  });

  it("removes a node with its edges", () => {
    const g = removeElements(baseGraph(), new Set(["lookup"]));
    expect(g.nodes.map((n) => n.id)).not.toContain("lookup");
    expect(g.edges.map((e) => e.id)).toEqual(["e1", "e2", "e4", "e6"]);
  });

  it("turns handle drags into the domain's edge kinds", () => {
    const g = humanGraph();
    g.edges = g.edges.filter((e) => e.id !== "e6");
    const timeout = connect(g, { source: "review", sourceHandle: "timeout", target: "late", targetHandle: "in" });
    expect("edge" in timeout && timeout.edge).toMatchObject({ source: "review", target: "late", kind: "timeout" });
    const branch = connect(baseGraph(), { source: "route", sourceHandle: "branch", target: "draft", targetHandle: "in" });
    expect("edge" in branch && branch.edge).toMatchObject({ id: "route-to-draft", kind: "branch" });
    const l = loopGraph();
    l.edges = l.edges.filter((e) => e.id !== "e3");
    const back = connect(l, { source: "work", sourceHandle: "out", target: "repeat", targetHandle: "loop-back" });
    expect("graph" in back && validateGraph(back.graph, tiers).filter((d) => d.severity === "error")).toEqual([]);
    expect(connect(baseGraph(), { source: "done", target: "start" })).toEqual({ refused: expect.stringMatching(/trigger|end/) });
  });
});

describe("node summaries", () => {
  it("shows each kind's key setting", () => {
    const [, classify, route, lookup] = baseGraph().nodes;
    expect(nodeSummary(classify!, { name: "openai/gpt-4.1-mini", price: { input: 0.4, output: 1.6 } })).toEqual([
      "classify · tier light",
      "openai/gpt-4.1-mini · $0.40 / $1.60 per 1M",
    ]);
    expect(nodeSummary(route!)).toEqual(["on classify › category"]);
    expect(nodeSummary(lookup!)).toEqual(["POST crm.example.com"]);
    expect(nodeSummary(humanGraph().nodes[2]!)).toEqual(["reviewer · SLA 1h"]);
    expect(nodeSummary(loopGraph().nodes[1]!)).toEqual(["max 3 iterations"]);
    expect(shortRef("input.ticket.id")).toBe("input › ticket.id");
  });

  describe("+ on an edge", () => {
    const step = (id: string) => ({ id, kind: "delay" as const, name: id, duration: "1m" });

    it("puts the new step between a router branch's ends: the branch keeps its id and condition, the graph stays valid", () => {
      const g = baseGraph();
      const branch = g.edges.find((e) => e.kind === "branch")!;
      const r = insertIntoEdge(g, branch.id, step("wait"));
      if ("refused" in r) throw new Error(r.refused);
      const into = r.graph.edges.find((e) => e.id === branch.id)!;
      expect(into).toEqual({ ...branch, target: "wait" });
      expect(r.graph.edges.find((e) => e.id === r.edges[1])).toEqual({ id: `wait-to-${branch.target}`, source: "wait", target: branch.target });
      expect(validateGraph(r.graph, tiers).filter((d) => d.severity === "error")).toEqual([]);
    });

    it("keeps a loop-back the edge into the loop and places the step halfway", () => {
      const g = loopGraph();
      g.nodes = g.nodes.map((n) => (n.id === "work" ? { ...n, position: { x: 100, y: 0 } } : n.id === "repeat" ? { ...n, position: { x: 0, y: 100 } } : n));
      const r = insertIntoEdge(g, "e3", step("pause"));
      if ("refused" in r) throw new Error(r.refused);
      expect(r.graph.edges.find((e) => e.id === "e3")).toEqual({ id: "e3", source: "work", target: "pause" });
      expect(r.graph.edges.find((e) => e.id === r.edges[1])).toMatchObject({ source: "pause", target: "repeat", kind: "loop-back" });
      expect(r.graph.nodes.find((n) => n.id === "pause")!.position).toEqual({ x: 50, y: 50 });
      expect(validateGraph(r.graph, tiers).filter((d) => d.severity === "error")).toEqual([]);
    });

    it("refuses an end or trigger in the middle and an unknown edge", () => {
      expect(insertIntoEdge(baseGraph(), "e1", { id: "x", kind: "end", name: "x" } as never)).toMatchObject({ refused: expect.stringMatching(/end step/) });
      expect(insertIntoEdge(baseGraph(), "nope", step("w"))).toMatchObject({ refused: expect.stringMatching(/no edge/) });
    });
  });
});
