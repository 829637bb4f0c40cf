import { describe, expect, it } from "vitest";
import type { ProcessGraph } from "../graph/process-graph";
import { blendedPerM, downgradeCandidates, strongBaseline, tokenMix, whatIf } from "./compare";
import { graphTokens, projectProcess, type NodeObservation, type ProjectionContext } from "./projection";
import { graphReach } from "./reach";

const schema = { type: "object" as const, required: ["t"], properties: { t: { type: "string" as const } } };
const llm = (id: string, tier: "light" | "mid" | "strong", extra: Record<string, unknown> = {}) =>
  ({ id, kind: "llm" as const, name: id, task: "generate" as const, prompt: "Write.", outputSchema: schema, model: { tier }, ...extra });
const start = { id: "start", kind: "trigger" as const, name: "Start", inputSchema: { type: "object" as const, properties: {} } };
const end = (id = "done") => ({ id, kind: "end" as const, name: id });

/** start → classify (light) → route: a → draftA (mid), b → draftB (strong), unmatched → done; draftA's error edge → rescue. */
const routed: ProcessGraph = {
  slug: "routed",
  name: "Routed",
  nodes: [start, llm("classify", "light"), { id: "route", kind: "router", name: "Route", source: "steps.classify.output.t" }, llm("draftA", "mid"), llm("draftB", "strong"), llm("rescue", "strong"), end()],
  edges: [
    { id: "e1", source: "start", target: "classify" },
    { id: "e2", source: "classify", target: "route" },
    { id: "e-a", source: "route", target: "draftA", kind: "branch", when: { op: "eq", value: "a" } },
    { id: "e-b", source: "route", target: "draftB", kind: "branch", when: { op: "eq", value: "b" } },
    { id: "e-u", source: "route", target: "done", kind: "unmatched" },
    { id: "e3", source: "draftA", target: "done" },
    { id: "e-err", source: "draftA", target: "rescue", kind: "error" },
    { id: "e4", source: "draftB", target: "done" },
    { id: "e5", source: "rescue", target: "done" },
  ],
};

const tiers = { light: "p/light", mid: "p/mid", strong: "p/strong" };
const prices = {
  "p/light": { inputPerM: 1, outputPerM: 2 },
  "p/mid": { inputPerM: 10, outputPerM: 20 },
  "p/strong": { inputPerM: 100, cachedInputPerM: 50, outputPerM: 200 },
};
const t = (input: number, output: number, cached = 0) => ({ input, cached, output });
const obs = (reach: number, callsPerReach: number, perCall = t(1000, 500), p10 = t(800, 300), p90 = t(2000, 1000)): NodeObservation => ({ reach, callsPerReach, perCall, perReachP10: p10, perReachP90: p90 });

describe("reach from the graph", () => {
  it("splits router branches evenly, or by the user's weights; an error edge is unreached by default", () => {
    const even = graphReach(routed);
    expect(even.get("draftA")!.reach).toBeCloseTo(1 / 3);
    expect(even.get("draftB")!.reach).toBeCloseTo(1 / 3);
    expect(even.get("rescue")!.reach).toBe(0);
    expect(even.get("done")!.reach).toBeCloseTo(1);
    const weighted = graphReach(routed, { branchWeights: { "e-a": 3, "e-b": 1, "e-u": 0, "e-err": 0.1 } });
    expect(weighted.get("draftA")!.reach).toBeCloseTo(0.75);
    expect(weighted.get("draftB")!.reach).toBeCloseTo(0.25);
    // The error edge takes 10% of draftA's runs: rescue 0.075, and done still gets every run.
    expect(weighted.get("rescue")!.reach).toBeCloseTo(0.075);
    expect(weighted.get("done")!.reach).toBeCloseTo(1);
  });

  it("runs every parallel branch once and counts a join once", () => {
    const g: ProcessGraph = {
      slug: "par",
      name: "Par",
      nodes: [start, { id: "fan", kind: "parallel", name: "Fan" }, llm("left", "light"), llm("right", "mid"), { id: "meet", kind: "join", name: "Meet", mode: "all" }, llm("after", "light"), end()],
      edges: [
        { id: "e1", source: "start", target: "fan" },
        { id: "e2", source: "fan", target: "left" },
        { id: "e3", source: "fan", target: "right" },
        { id: "e4", source: "left", target: "meet" },
        { id: "e5", source: "right", target: "meet" },
        { id: "e6", source: "meet", target: "after" },
        { id: "e7", source: "after", target: "done" },
      ],
    };
    const r = graphReach(g);
    expect([r.get("left")!.reach, r.get("right")!.reach, r.get("meet")!.reach, r.get("after")!.reach]).toEqual([1, 1, 1, 1]);
    // Hand-worked: left 1000 in / 500 out on light = $0.002; right on mid = $0.02; after on light = $0.002.
    const p = projectProcess({ graph: g, tiers, prices, observed: { left: obs(1, 1), right: obs(1, 1), after: obs(1, 1) } });
    expect(p.perRun).toBeCloseTo(0.002 + 0.02 + 0.002, 10);
  });

  it("multiplies a loop body's calls by the expected iterations", () => {
    const g: ProcessGraph = {
      slug: "loop",
      name: "Loop",
      nodes: [start, { id: "repeat", kind: "loop", name: "Repeat", maxIterations: 5 }, llm("work", "mid", { maxTokens: 400 }), llm("after", "light"), end()],
      edges: [
        { id: "e1", source: "start", target: "repeat" },
        { id: "e2", source: "repeat", target: "work", sourceHandle: "body" },
        { id: "e3", source: "work", target: "repeat", kind: "loop-back" },
        { id: "e4", source: "repeat", target: "after", sourceHandle: "exit" },
        { id: "e5", source: "after", target: "done" },
      ],
    };
    const r = graphReach(g, { loopIterations: { repeat: 3 } });
    expect(r.get("work")).toEqual({ reach: 1, executionsPerReach: 3 });
    expect(r.get("after")).toEqual({ reach: 1, executionsPerReach: 1 });
    const p = projectProcess({ graph: g, tiers, prices }, { loopIterations: { repeat: 3 } });
    const work = p.nodes.find((n) => n.nodeId === "work")!;
    const tok = graphTokens(g.nodes[2] as Parameters<typeof graphTokens>[0]).expected;
    // Hand-worked: 3 calls × (in × $10 + 200 out (half the 400 cap) × $20) / 1M.
    expect(tok.output).toBe(200);
    expect(work.costPerRun).toBeCloseTo((3 * (tok.input * 10 + 200 * 20)) / 1e6, 12);
    expect(work.high).toBeCloseTo((3 * (graphTokens(g.nodes[2] as Parameters<typeof graphTokens>[0]).p90.input * 10 + 400 * 20)) / 1e6, 12);
  });
});

describe("projection", () => {
  const ctx: ProjectionContext = {
    graph: routed,
    tiers,
    prices,
    // classify fell back now and then: 1.2 calls per run.
    observed: { classify: obs(1, 1.2), draftA: obs(0.5, 1), draftB: obs(0.25, 1, t(1000, 500, 400)) },
  };

  it("prices observed reach × calls × tokens, with the p10/p90 band and the monthly figure", () => {
    const p = projectProcess(ctx, { runsPerMonth: 10_000 });
    const by = Object.fromEntries(p.nodes.map((n) => [n.nodeId, n]));
    expect(by.classify!.costPerRun).toBeCloseTo(1.2 * (1000 * 1 + 500 * 2) / 1e6, 12); // 0.0024
    expect(by.draftA!.costPerRun).toBeCloseTo(0.5 * (1000 * 10 + 500 * 20) / 1e6, 12); // 0.01
    // 400 of draftB's 1000 input tokens are cached at $50/M.
    expect(by.draftB!.costPerRun).toBeCloseTo(0.25 * (600 * 100 + 400 * 50 + 500 * 200) / 1e6, 12); // 0.045
    expect(by.rescue!.costPerRun).toBe(0);
    expect(by.classify!.low).toBeCloseTo((800 * 1 + 300 * 2) / 1e6, 12);
    expect(by.classify!.high).toBeCloseTo((2000 * 1 + 1000 * 2) / 1e6, 12);
    expect(p.perRun).toBeCloseTo(0.0024 + 0.01 + 0.045, 12);
    expect(p.low).toBeLessThan(p.perRun);
    expect(p.high).toBeGreaterThan(p.perRun);
    expect(p.monthly).toBeCloseTo(p.totalPerRun * 10_000, 8);
    expect(p.unpricedModels).toEqual([]);
  });

  it("flags unpriced models instead of counting them as $0", () => {
    const p = projectProcess({ ...ctx, prices: { "p/light": prices["p/light"] } });
    expect(p.unpricedModels).toEqual(["p/mid", "p/strong"]);
    expect(p.nodes.find((n) => n.nodeId === "draftA")).toMatchObject({ costPerRun: null, unpriced: true });
  });

  it("a what-if swap changes the cost by the repriced tokens", () => {
    const w = whatIf(ctx, { runsPerMonth: 1000 }, { draftB: { tier: "mid" } });
    const before = 0.25 * (600 * 100 + 400 * 50 + 500 * 200) / 1e6;
    const after = 0.25 * (1000 * 10 + 500 * 20) / 1e6; // mid has no cached price: cached tokens at the input rate
    expect(w.deltaPerRun).toBeCloseTo(after - before, 12);
    expect(w.deltaPerMonth).toBeCloseTo((after - before) * 1000, 9);
  });

  it("one strong model everywhere costs more than routing, with the saving in %", () => {
    const b = strongBaseline(ctx);
    const strong = 1.2 * (1000 * 100 + 500 * 200) / 1e6 + 0.5 * (1000 * 100 + 500 * 200) / 1e6 + 0.25 * (600 * 100 + 400 * 50 + 500 * 200) / 1e6;
    expect(b.baselinePerRun).toBeCloseTo(strong, 12);
    expect(b.routedPerRun).toBeCloseTo(0.0574, 12);
    expect(b.saving).toBeCloseTo((strong - 0.0574) / strong, 12);
  });

  it("adds human review cost: escalations per run × minutes × hourly rate", () => {
    const g: ProcessGraph = {
      slug: "h",
      name: "H",
      nodes: [start, llm("draft", "mid"), { id: "route", kind: "router", name: "R", source: "steps.draft.output.t" }, { id: "review", kind: "human", name: "Review", subject: "draft", role: "reviewer", decisions: [{ id: "ok", type: "approve" }, { id: "no", type: "reject" }] }, end(), end("rejected"), end("late")],
      edges: [
        { id: "e1", source: "start", target: "draft" },
        { id: "e2", source: "draft", target: "route" },
        { id: "e-r", source: "route", target: "review", kind: "branch", when: { op: "eq", value: "x" } },
        { id: "e-d", source: "route", target: "done", kind: "unmatched" },
        { id: "e3", source: "review", target: "done", sourceHandle: "ok" },
        { id: "e4", source: "review", target: "rejected", sourceHandle: "no" },
        { id: "e5", source: "review", target: "late", kind: "timeout" },
      ],
    };
    const r = graphReach(g);
    expect(r.get("review")!.reach).toBeCloseTo(0.5);
    expect(r.get("rejected")!.reach).toBeCloseTo(0.25);
    expect(r.get("late")!.reach).toBe(0);
    const p = projectProcess({ graph: g, tiers, prices, observed: { draft: obs(1, 1) } }, { reviewMinutes: 6, hourlyRate: 50 });
    expect(p.escalationsPerRun).toBeCloseTo(0.5);
    expect(p.reviewPerRun).toBeCloseTo(0.5 * (6 / 60) * 50, 12); // $2.50
    expect(p.totalPerRun).toBeCloseTo(p.perRun + 2.5, 12);
  });

  it("blends $/1M at an input:output mix", () => {
    expect(blendedPerM(prices["p/strong"], 0.75)).toBeCloseTo(0.75 * 100 + 0.25 * 200);
    expect(blendedPerM(prices["p/strong"], 1, 0.5)).toBeCloseTo(75);
    const mix = tokenMix(projectProcess(ctx));
    expect(mix.inputShare).toBeCloseTo(1000 / 1500);
  });
});

describe("downgrade candidates", () => {
  const ctx: ProjectionContext = { graph: routed, tiers, prices, observed: { classify: obs(1, 1), draftA: obs(0.5, 1), draftB: obs(0.25, 1) } };

  it("suggests one tier down when at least 95% of at least 20 reviews approved as is", () => {
    const c = downgradeCandidates(ctx, { runsPerMonth: 1000 }, {
      draftB: { reviewed: 20, approvedAsIs: 19 }, // 95%: qualifies
      draftA: { reviewed: 40, approvedAsIs: 37 }, // 92.5%: no
      classify: { reviewed: 100, approvedAsIs: 100 }, // already the cheapest tier
    });
    expect(c.map((x) => x.nodeId)).toEqual(["draftB"]);
    expect(c[0]).toMatchObject({ fromModel: "p/strong", toTier: "mid", toModel: "p/mid", reviewed: 20, approvedShare: 0.95 });
    const saving = 0.25 * ((1000 * 100 + 500 * 200) - (1000 * 10 + 500 * 20)) / 1e6;
    expect(c[0]!.savingPerRun).toBeCloseTo(saving, 12);
    expect(c[0]!.savingPerMonth).toBeCloseTo(saving * 1000, 9);
  });

  it("needs enough reviews, and honours a user-set share", () => {
    expect(downgradeCandidates(ctx, {}, { draftB: { reviewed: 19, approvedAsIs: 19 } })).toEqual([]);
    expect(downgradeCandidates(ctx, {}, { draftA: { reviewed: 40, approvedAsIs: 37 } }, { minApprovedShare: 0.9 }).map((x) => [x.nodeId, x.toTier])).toEqual([["draftA", "light"]]);
    expect(downgradeCandidates(ctx, {}, { draftB: { reviewed: 5, approvedAsIs: 5 } }, { minReviewed: 5 })).toHaveLength(1);
  });

  it("carries the edited and rejected shares of the reviews, null when not recorded", () => {
    const c = downgradeCandidates(ctx, {}, { draftB: { reviewed: 40, approvedAsIs: 38, edited: 1, rejected: 1 } });
    expect(c.map((x) => [x.nodeId, x.approvedShare, x.editedShare, x.rejectedShare])).toEqual([["draftB", 0.95, 0.025, 0.025]]);
    expect(downgradeCandidates(ctx, {}, { draftB: { reviewed: 20, approvedAsIs: 20 } })[0]).toMatchObject({ editedShare: null, rejectedShare: null });
  });

  it("reports the shadow agreement rate where shadow data exists, and null where it does not", () => {
    const withShadow = downgradeCandidates(ctx, {}, { draftB: { reviewed: 20, approvedAsIs: 20, shadow: { compared: 40, agreed: 34 } } });
    expect(withShadow.map((c) => [c.nodeId, c.shadowAgreement])).toEqual([["draftB", 0.85]]);
    expect(downgradeCandidates(ctx, {}, { draftB: { reviewed: 20, approvedAsIs: 20 } })[0]!.shadowAgreement).toBeNull();
    expect(downgradeCandidates(ctx, {}, { draftB: { reviewed: 20, approvedAsIs: 20, shadow: { compared: 0, agreed: 0 } } })[0]!.shadowAgreement).toBeNull();
  });
});
