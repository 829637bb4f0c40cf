import { describe, expect, it } from "vitest";
import { supportTriage } from "@/core/examples";
import { baseGraph, humanGraph, parallelGraph } from "@/core/testing/graphs";
import { completionQuery, referenceScope, routerSources } from "./reference-scope";

describe("referenceScope", () => {
  it("offers trigger input and the outputs of steps certain to have run, with types", () => {
    const scope = referenceScope(baseGraph(), "draft");
    const refs = Object.fromEntries(scope.map((e) => [e.ref, e.type]));
    expect(refs).toMatchObject({
      "input.ticket": "object",
      "input.ticket.id": "string",
      "input.priority": "integer",
      "steps.classify.output.category": "enum(a | b | c)",
      "steps.lookup.output.status": "string",
    });
    expect(Object.keys(refs).some((r) => r.startsWith("steps.draft."))).toBe(false);
  });

  it("leaves out steps that only maybe ran (one branch of a router) and steps after the node", () => {
    const done = referenceScope(baseGraph(), "done").map((e) => e.ref);
    expect(done).toContain("steps.classify.output.category");
    expect(done.some((r) => r.startsWith("steps.lookup."))).toBe(false);
    const classify = referenceScope(baseGraph(), "classify").map((e) => e.ref);
    expect(classify.filter((r) => r.startsWith("steps."))).toEqual([]);
    const meet = referenceScope(parallelGraph("any"), "done").map((e) => e.ref);
    expect(meet.some((r) => r.startsWith("steps.left."))).toBe(false);
  });

  it("exposes a human step's decision as an enum and the reviewed output", () => {
    const refs = referenceScope(humanGraph(), "done").map((e) => `${e.ref}: ${e.type}`);
    expect(refs).toContain("steps.review.output.decision: enum(approve | edit | reject | timeout)");
    expect(refs).toContain("steps.review.output.output.text: string");
  });

  it("offers a router only enum, boolean and numeric fields", () => {
    const sources = routerSources(referenceScope(supportTriage, "route-urgency")).map((e) => e.ref);
    expect(sources).toEqual(expect.arrayContaining(["steps.classify.output.urgency", "steps.classify.output.category", "steps.classify.output.confidence", "input.ticket.plan"]));
    expect(sources).not.toContain("steps.classify.output.summary");
  });

  it("detects an open {{ at the caret", () => {
    expect(completionQuery("Hi {{ input.ti", 14)).toEqual({ start: 3, query: "input.ti" });
    expect(completionQuery("Hi {{ input.x }} and", 20)).toBeNull();
    expect(completionQuery("no refs", 7)).toBeNull();
  });
});
