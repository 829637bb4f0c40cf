import { beforeAll, expect, it } from "vitest";
import { exampleGraphs } from "@/core";
import { describeEachDatabase } from "@/server/testing/databases";
import { getProcessBudgets } from "./budgets.presenter";
import { insertFixture, type Fixture } from "./testing/fixture";

describeEachDatabase("budgets against today's spend", (get) => {
  let fx: Fixture;
  // Caps low enough that some of the fixture's runs and draft executions reach them.
  const RUN_CAP = 0.004;
  const DRAFT_CAP = 0.005;
  beforeAll(async () => {
    const db = get().handle.db;
    fx = await insertFixture(db, "budgeted");
    const v2 = await db.processVersion.findFirstOrThrow({ where: { processId: fx.processId, version: 2 } });
    // support-triage with this test's caps: a run budget, and a step budget on draft only.
    const base = exampleGraphs["support-triage"]!;
    const graph = {
      ...base,
      settings: { ...base.settings, budget: { perRunUsd: RUN_CAP, onBreach: "fail" } },
      nodes: base.nodes.map((n) => (n.kind === "llm" ? { ...n, policy: { ...n.policy, budgetUsd: n.id === "draft" ? DRAFT_CAP : undefined } } : n)),
    };
    await db.processVersion.update({ where: { id: v2.id }, data: { graph: JSON.parse(JSON.stringify(graph)) as object } });
  });

  it("shows the latest version's run and step budgets next to today's spend, computed independently", async () => {
    const b = await getProcessBudgets(get().handle.db, { slug: "budgeted" }, fx.now);
    const midnight = new Date("2026-06-15T00:00:00.000Z");
    expect(b.today.from).toEqual(midnight);
    const today = fx.runs.filter((r) => r.processId === fx.processId && r.createdAt >= midnight && r.createdAt < fx.now);
    const older = fx.runs.filter((r) => r.processId === fx.processId && r.createdAt < midnight);
    // The fixture has runs on both sides of midnight, so the day boundary is tested.
    expect(today.length).toBeGreaterThan(0);
    expect(older.length).toBeGreaterThan(0);
    expect(b.version).toBe(2);
    expect(b.run).toEqual({ perRunUsd: RUN_CAP, onBreach: "fail" });
    expect(b.today.runs).toBe(today.length);
    expect(b.today.spendUsd).toBeCloseTo(today.reduce((a, r) => a + r.costUsd, 0), 10);
    expect(b.today.maxRunUsd).toBeCloseTo(Math.max(...today.map((r) => r.costUsd)), 10);
    expect(b.today.runsAtCap).toBe(today.filter((r) => r.costUsd >= RUN_CAP).length);
    // Both sides of the cap occur today, so the comparison is exercised.
    expect(b.today.runsAtCap).toBeGreaterThan(0);
    expect(b.today.runsAtCap).toBeLessThan(b.today.runs);

    // Step budget: per execution (run, step id), summed over its attempts.
    const ids = new Set(today.map((r) => r.id));
    const executions = new Map<string, number>();
    for (const s of fx.steps) if (ids.has(s.runId) && s.nodeId === "draft") executions.set(`${s.runId}/${s.stepId}`, (executions.get(`${s.runId}/${s.stepId}`) ?? 0) + s.costUsd);
    const costs = [...executions.values()];
    expect(b.steps).toHaveLength(1);
    expect(b.steps[0]).toMatchObject({ nodeId: "draft", name: exampleGraphs["support-triage"]!.nodes.find((n) => n.id === "draft")!.name, capUsd: DRAFT_CAP, executions: costs.length, atCap: costs.filter((c) => c >= DRAFT_CAP).length });
    expect(b.steps[0]!.maxExecutionUsd).toBeCloseTo(Math.max(...costs), 10);
  });

  it("says when a process has no budget and nothing ran today", async () => {
    const b = await getProcessBudgets(get().handle.db, { slug: "budgeted-other" }, new Date("2026-06-20T08:00:00Z"));
    expect(b.run).toBeNull();
    expect(b.steps).toEqual([]);
    expect(b.today).toMatchObject({ runs: 0, spendUsd: 0, maxRunUsd: null, runsAtCap: 0 });
  });

  it("refuses an unknown process", async () => {
    await expect(getProcessBudgets(get().handle.db, { slug: "nope" })).rejects.toThrow(/No process "nope"/);
  });
});
