import { describe, expect, it } from "vitest";
import { baseGraph, humanGraph, loopGraph, parallelGraph } from "@/core/testing/graphs";
import type { ProcessGraph } from "@/core/graph";
import { connectionRefusal, type ProposedConnection } from "./connection-rules";

const check = (graph: ProcessGraph, c: ProposedConnection) => connectionRefusal(new Map(graph.nodes.map((n) => [n.id, n])), graph.edges, c);

describe("connectionRefusal", () => {
  it("refuses self-loops, edges into the trigger and out of an end", () => {
    const g = baseGraph();
    expect(check(g, { source: "draft", target: "draft" })).toMatch(/loop step/);
    expect(check(g, { source: "draft", target: "start" })).toMatch(/trigger/);
    expect(check(g, { source: "done", target: "draft" })).toMatch(/end step/);
  });

  it("refuses a second edge from a single outlet but allows a parallel fan-out and new router branches", () => {
    expect(check(baseGraph(), { source: "classify", sourceHandle: "out", target: "done" })).toMatch(/already has an edge/);
    expect(check(baseGraph(), { source: "classify", sourceHandle: "error", target: "done" })).toBeNull();
    expect(check(baseGraph(), { source: "route", sourceHandle: "branch", target: "draft" })).toBeNull();
    expect(check(baseGraph(), { source: "route", sourceHandle: "unmatched", target: "draft" })).toMatch(/already has an edge/);
    const p = parallelGraph();
    p.nodes.push({ id: "third", kind: "delay", name: "Third", duration: "1m" });
    expect(check(p, { source: "fan", sourceHandle: "out", target: "third" })).toBeNull();
    expect(check(humanGraph(), { source: "review", sourceHandle: "timeout", target: "done" })).toMatch(/already has an edge/);
  });

  it("refuses cycles except back into a loop's loop-back inlet from its body", () => {
    expect(check(baseGraph(), { source: "draft", sourceHandle: "error", target: "classify" })).toMatch(/cycle/);
    const g = loopGraph();
    g.edges = g.edges.filter((e) => e.id !== "e3");
    expect(check(g, { source: "work", target: "repeat", targetHandle: "loop-back" })).toBeNull();
    expect(check(g, { source: "start", sourceHandle: "out", target: "repeat", targetHandle: "loop-back" })).toMatch(/already has an edge|body/);
  });
});
