import { beforeAll, expect, it } from "vitest";
import { rebuildRollups } from "./rollup-rebuild";
import { downgradeCandidates, exampleGraphs, projectProcess, strongBaseline } from "@/core";
import { seedPriceTable } from "@/server/settings/settings.service";
import { describeEachDatabase } from "@/server/testing/databases";
import { getCalculatorContext } from "./calculator.presenter";

function pct(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  return v[lo]! + (pos - lo) * ((v[lo + 1] ?? v[lo]!) - v[lo]!);
}

const graph = exampleGraphs["support-triage"]!;
const now = new Date("2026-06-15T12:00:00Z");
const DECISIONS = [{ id: "approve", type: "approve" }, { id: "edit", type: "edit" }, { id: "reject", type: "reject" }, { id: "legal", type: "custom" }];
// One review per run, of draft (review's subject): decision ids, or a status for reviews not decided.
const OUTCOMES = ["approve", "approve", "edit", "reject", "approve", "legal", "approve", "open", "timed_out", "edit"] as const;

describeEachDatabase("calculator context", (get) => {
  const steps: Array<{ runId: string; nodeId: string; stepId: string; attempt: number; inputTokens: number; cachedInputTokens: number; outputTokens: number }> = [];
  beforeAll(async () => {
    const db = get().handle.db;
    await seedPriceTable(db);
    const p = await db.process.create({ data: { publicId: "proc_st", slug: graph.slug, name: graph.name, draft: graph as object, webhookToken: "wh_st" } });
    const v = await db.processVersion.create({ data: { processId: p.id, version: 1, graph: graph as object, plan: {}, planHash: "h", functionConfig: {}, createdAt: new Date(now.getTime() - 10 * 864e5) } });
    for (let i = 0; i < 10; i++) {
      const run = await db.run.create({ data: { publicId: `run_st${i}`, processId: p.id, versionId: v.id, status: "completed", input: {}, createdAt: new Date(now.getTime() - (i + 1) * 3_600_000) } });
      const add = (nodeId: string, attempt: number, inputTokens: number, outputTokens: number, cachedInputTokens = 0) =>
        steps.push({ runId: run.id, nodeId, stepId: nodeId, attempt, inputTokens, cachedInputTokens, outputTokens });
      add("classify", 1, 200 + i * 10, 40 + i);
      if (i % 4 === 0) add("classify", 2, 210 + i * 10, 50);
      if (i < 6) add("draft", 1, 600 + i * 100, 300 - i * 20, i * 10);
      const o = OUTCOMES[i]!;
      const decided = o !== "open" && o !== "timed_out";
      await db.escalation.create({
        data: { publicId: `esc_st${i}`, runId: run.id, nodeId: "review", stepId: "review", status: decided ? "resolved" : o, reason: "unsure", context: {}, allowedDecisions: DECISIONS, role: "reviewer", decision: decided ? o : null, resolvedAt: decided ? now : null },
      });
    }
    await db.stepRecord.createMany({ data: steps.map((s) => ({ ...s, kind: "llm", status: "succeeded", model: "sim/light-1", startedAt: now })) });
    // Inserted behind the runtime's back: build the rollups as a backfill would.
    await rebuildRollups(db);
  });

  it("observes reach, calls per reached run, tokens per call and the p10/p90 band per node", async () => {
    const c = await getCalculatorContext(get().handle.db, { slug: "support-triage" }, now);
    expect(c.source).toBe(1);
    expect(c.runs).toBe(10);
    for (const nodeId of ["classify", "draft"]) {
      const own = steps.filter((s) => s.nodeId === nodeId);
      const runs = [...new Set(own.map((s) => s.runId))];
      const perRun = (f: (s: (typeof own)[number]) => number) => runs.map((r) => own.filter((s) => s.runId === r).reduce((a, s) => a + f(s), 0));
      const o = c.observed[nodeId]!;
      expect(o.reach).toBeCloseTo(runs.length / 10, 10);
      expect(o.callsPerReach).toBeCloseTo(own.length / runs.length, 10);
      expect(o.perCall.input).toBeCloseTo(own.reduce((a, s) => a + s.inputTokens, 0) / own.length, 8);
      expect(o.perCall.cached).toBeCloseTo(own.reduce((a, s) => a + s.cachedInputTokens, 0) / own.length, 8);
      // The band comes from a log-scale histogram: within 2^(1/16) − 1 ≈ 4.4% (docs/analytics.md).
      const near = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual((2 ** (1 / 16) - 1) * want);
      near(o.perReachP10.input, pct(perRun((s) => s.inputTokens), 0.1));
      near(o.perReachP90.output, pct(perRun((s) => s.outputTokens), 0.9));
      expect(o.perReachP90.output).toBeGreaterThan(0);
    }
    expect(c.observed.classify!.callsPerReach).toBeCloseTo(1.3, 10);
    // review's subject is draft: resolved reviews only (open and timed-out ones are not reviews), custom decisions count as reviewed.
    const count = (id: string) => OUTCOMES.filter((o) => o === id).length;
    expect(c.reviews).toEqual({ draft: { reviewed: OUTCOMES.length - count("open") - count("timed_out"), approvedAsIs: count("approve"), edited: count("edit"), rejected: count("reject") } });
    expect(c.reviews.draft).toEqual({ reviewed: 8, approvedAsIs: 4, edited: 2, rejected: 1 });
    expect(c.tiers).toEqual({ light: "sim/light-1", mid: "sim/mid-1", strong: "sim/strong-1" });
    expect(Object.keys(c.prices)).toEqual(expect.arrayContaining(["sim/light-1", "sim/mid-1", "sim/strong-1"]));
  });

  it("gives the downgrade table the approved, edited and rejected shares of the reviews", async () => {
    const c = await getCalculatorContext(get().handle.db, { slug: "support-triage" }, now);
    const [cand] = downgradeCandidates(c, {}, c.reviews, { minApprovedShare: 0, minReviewed: 1 }).filter((x) => x.nodeId === "draft");
    expect(cand).toBeDefined();
    expect(cand!.approvedShare).toBeCloseTo(4 / 8, 12);
    expect(cand!.editedShare).toBeCloseTo(2 / 8, 12);
    expect(cand!.rejectedShare).toBeCloseTo(1 / 8, 12);
  });

  it("feeds core's projection: routed cost below one strong model everywhere", async () => {
    const c = await getCalculatorContext(get().handle.db, { slug: "support-triage" }, now);
    const p = projectProcess(c);
    expect(p.perRun).toBeGreaterThan(0);
    expect(p.nodes.find((n) => n.nodeId === "classify")!.source).toBe("observed");
    const b = strongBaseline(c);
    expect(b.baselinePerRun).toBeGreaterThan(b.routedPerRun);
  });

  it("projects the draft from the graph, and rejects unknown versions", async () => {
    const c = await getCalculatorContext(get().handle.db, { slug: "support-triage", version: "draft" }, now);
    expect(c).toMatchObject({ source: "draft", runs: 0, observed: {} });
    expect(projectProcess(c).nodes.every((n) => n.source === "graph")).toBe(true);
    await expect(getCalculatorContext(get().handle.db, { slug: "support-triage", version: 7 }, now)).rejects.toThrow(/no version 7/);
  });
});
