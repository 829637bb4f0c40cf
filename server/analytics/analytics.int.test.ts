import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { getProcessAnalytics } from "./process-analytics.presenter";
import { getNodeAnalytics } from "./node-analytics.presenter";
import { getAnalyticsOverview } from "./overview.presenter";
import { listRuns } from "@/server/runs/runs.service";
import { insertFixture, type Fixture, type FxRun, type FxStep } from "./testing/fixture";

/** percentile_cont: linear interpolation between the closest ranks. */
function pct(values: number[], p: number): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  return v[lo]! + (pos - lo) * ((v[lo + 1] ?? v[lo]!) - v[lo]!);
}
const LATENCY_ERROR = 2 ** (1 / 16) - 1;
const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
const rate = (a: number, b: number) => (b ? a / b : null);

function expectedProcess(fx: Fixture, runs: FxRun[]) {
  const ended = runs.filter((r) => r.endedAt);
  const by = (s: string) => runs.filter((r) => r.status === s).length;
  const escalated = new Set(fx.escalations.map((e) => e.runId));
  const durations = ended.map((r) => r.endedAt!.getTime() - (r.startedAt ?? r.createdAt).getTime());
  const ids = new Set(runs.map((r) => r.id));
  return {
    runs: runs.length,
    completed: by("completed"),
    failed: by("failed"),
    cancelled: by("cancelled"),
    successRate: rate(by("completed"), by("completed") + by("failed") + by("cancelled")),
    escalationRate: rate(runs.filter((r) => escalated.has(r.id)).length, runs.length),
    p50: pct(durations, 0.5),
    p95: pct(durations, 0.95),
    cost: sum(runs, (r) => r.costUsd),
    costPerSuccess: rate(sum(runs.filter((r) => r.status === "completed"), (r) => r.costUsd), by("completed")),
    outputTokens: sum(runs, (r) => r.outputTokens),
    unpriced: fx.steps.filter((s) => ids.has(s.runId) && s.detail?.unpriced).length,
  };
}

function expectedNode(fx: Fixture, runs: FxRun[], nodeId: string) {
  const ids = new Set(runs.map((r) => r.id));
  const calls = fx.steps.filter((s) => ids.has(s.runId) && s.nodeId === nodeId);
  const execs = new Map<string, FxStep[]>();
  for (const s of calls) execs.set(`${s.runId}/${s.stepId}`, [...(execs.get(`${s.runId}/${s.stepId}`) ?? []), s]);
  const ex = [...execs.values()];
  const models = (xs: FxStep[]) => new Set(xs.map((s) => s.model ?? "")).size;
  const cost = sum(calls, (s) => s.costUsd);
  const esc = fx.escalations.filter((e) => ids.has(e.runId) && e.nodeId === nodeId);
  return {
    calls: calls.length,
    executions: ex.length,
    reach: rate(new Set(calls.map((c) => c.runId)).size, runs.length),
    errorRate: rate(ex.filter((x) => !x.some((s) => s.status === "succeeded") && x.some((s) => s.status === "failed")).length, ex.length),
    retryRate: rate(ex.filter((x) => x.filter((s) => !s.detail?.repair).length > models(x)).length, ex.length),
    fallbackRate: rate(ex.filter((x) => new Set(x.filter((s) => s.model).map((s) => s.model)).size > 1).length, ex.length),
    repairRate: rate(ex.filter((x) => x.some((s) => s.detail?.repair)).length, ex.length),
    p50: pct(calls.filter((s) => s.kind !== "human").map((s) => s.latencyMs), 0.5),
    p95: pct(calls.filter((s) => s.kind !== "human").map((s) => s.latencyMs), 0.95),
    cost,
    costShare: rate(cost, sum(runs, (r) => r.costUsd)),
    inputTokens: sum(calls, (s) => s.inputTokens),
    escalations: esc.length,
    approve: esc.filter((e) => e.decision === "ok").length,
    edit: esc.filter((e) => e.decision === "change").length,
    timedOut: esc.filter((e) => e.status === "timed_out").length,
    breaches: esc.filter((e) => e.status === "timed_out" || (e.resolvedAt && e.dueAt && e.resolvedAt > e.dueAt)).length,
    decisionP95: pct(esc.filter((e) => e.resolvedAt).map((e) => e.resolvedAt!.getTime() - e.createdAt.getTime()), 0.95),
  };
}

describeEachDatabase("analytics presenters", (get) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await insertFixture(get().handle.db, "alpha");
  });
  const inWindow = (from: Date, to: Date, version?: number) =>
    fx.runs.filter((r) => r.processId === fx.processId && r.createdAt >= from && r.createdAt < to && (version === undefined || r.version === version));

  it("process figures over 7 days match figures computed from the inserted rows", async () => {
    const a = await getProcessAnalytics(get().handle.db, { slug: "alpha", range: "7d" }, fx.now);
    const runs = inWindow(new Date(fx.now.getTime() - 7 * 864e5), fx.now);
    const e = expectedProcess(fx, runs);
    expect(runs.length).toBeGreaterThan(10);
    expect(a.figures).toMatchObject({ runs: e.runs, completed: e.completed, failed: e.failed, cancelled: e.cancelled, outputTokens: e.outputTokens, unpricedCalls: e.unpriced });
    expect(e.unpriced).toBeGreaterThan(0);
    expect(a.figures.successRate).toBeCloseTo(e.successRate!, 10);
    expect(a.figures.escalationRate).toBeCloseTo(e.escalationRate!, 10);
    expect(a.figures.durationMs.p50).toBeCloseTo(e.p50!, 3);
    expect(a.figures.durationMs.p95).toBeCloseTo(e.p95!, 3);
    expect(a.figures.costUsd).toBeCloseTo(e.cost, 10);
    expect(a.figures.costPerSuccessUsd).toBeCloseTo(e.costPerSuccess!, 10);
    // The series adds up to the totals, one point per UTC day.
    expect(a.scope.bucket).toBe("day");
    expect(sum(a.series, (p) => p.completed)).toBe(e.completed);
    expect(sum(a.series, (p) => p.completed + p.failed + p.cancelled + p.waiting)).toBe(e.runs);
    expect(a.series.every((p) => /^\d{4}-\d{2}-\d{2}$/.test(p.bucket))).toBe(true);
    const day = fx.now.toISOString().slice(0, 10);
    expect(a.series.find((p) => p.bucket === day)?.costUsd ?? 0).toBeCloseTo(sum(runs.filter((r) => r.createdAt.toISOString().startsWith(day)), (r) => r.costUsd), 10);
    expect(a.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it("by-model spend groups step records per model", async () => {
    const a = await getProcessAnalytics(get().handle.db, { slug: "alpha", range: "30d" }, fx.now);
    const ids = new Set(inWindow(new Date(fx.now.getTime() - 30 * 864e5), fx.now).map((r) => r.id));
    const steps = fx.steps.filter((s) => ids.has(s.runId) && s.model);
    const models = [...new Set(steps.map((s) => s.model!))];
    expect(a.models.map((m) => m.model).sort()).toEqual(models.sort());
    for (const m of a.models) {
      const own = steps.filter((s) => s.model === m.model);
      expect(m.calls).toBe(own.length);
      expect(m.costUsd).toBeCloseTo(sum(own, (s) => s.costUsd), 10);
      expect(m.inputTokens).toBe(sum(own, (s) => s.inputTokens));
    }
    expect(a.models.find((m) => m.model === "custom/mystery")).toMatchObject({ costUsd: 0, unpricedCalls: expect.any(Number) });
    expect(a.models.find((m) => m.model === "custom/mystery")!.unpricedCalls).toBeGreaterThan(0);
  });

  it("per-node figures match, for all versions and for one version", async () => {
    for (const version of [undefined, 2]) {
      const a = await getNodeAnalytics(get().handle.db, { slug: "alpha", range: "30d", version }, fx.now);
      const runs = inWindow(new Date(fx.now.getTime() - 30 * 864e5), fx.now, version);
      expect(a.runs).toBe(runs.length);
      expect(a.nodes.map((n) => n.nodeId)).toEqual(["classify", "draft", "review", "send"]);
      for (const node of a.nodes) {
        const e = expectedNode(fx, runs, node.nodeId);
        expect(node, node.nodeId).toMatchObject({ calls: e.calls, executions: e.executions, inputTokens: e.inputTokens });
        expect(node.reach).toBeCloseTo(e.reach!, 10);
        expect(node.errorRate).toBeCloseTo(e.errorRate!, 10);
        expect(node.retryRate).toBeCloseTo(e.retryRate!, 10);
        expect(node.fallbackRate).toBeCloseTo(e.fallbackRate!, 10);
        expect(node.repairRate).toBeCloseTo(e.repairRate!, 10);
        expect(node.costUsd).toBeCloseTo(e.cost, 10);
        expect(node.costShare ?? 0).toBeCloseTo(e.costShare ?? 0, 10);
        if (node.kind !== "human") {
          // Latency percentiles come from a log-scale histogram: within 2^(1/16) − 1 ≈ 4.4% (docs/analytics.md).
          expect(Math.abs(node.latencyMs.p50! - e.p50!) / e.p50!, `${node.nodeId} p50`).toBeLessThanOrEqual(LATENCY_ERROR);
          expect(Math.abs(node.latencyMs.p95! - e.p95!) / e.p95!, `${node.nodeId} p95`).toBeLessThanOrEqual(LATENCY_ERROR);
        }
      }
      const byId = Object.fromEntries(a.nodes.map((n) => [n.nodeId, n]));
      // The fixture exercises every rate somewhere, so a rate stuck at 0 cannot pass.
      expect(byId.classify!.fallbackRate).toBeGreaterThan(0);
      expect(byId.classify!.errorRate).toBeGreaterThan(0);
      expect(byId.draft!.repairRate).toBeGreaterThan(0);
      expect(byId.send!.retryRate).toBeGreaterThan(0);
      expect(byId.classify!.retryRate).toBe(0);
      expect(byId.draft!.models.map((m) => m.model).sort()).toEqual(["custom/mystery", "sim/mid-1"].filter((m) => fx.steps.some((s) => s.model === m && runs.some((r) => r.id === s.runId))).sort());
      const review = expectedNode(fx, runs, "review");
      expect(byId.review!.human).toMatchObject({
        escalations: review.escalations,
        decisions: { approve: review.approve, edit: review.edit, timedOut: review.timedOut },
        slaBreaches: review.breaches,
      });
      expect(byId.review!.human!.timeToDecisionMs.p95).toBeCloseTo(review.decisionP95!, 3);
      expect(byId.review!.name).toBe("Review");
      expect(byId.classify!.name).toBe("Classify v2");
      expect(byId.classify!.human).toBeNull();
    }
    expect(expectedNode(fx, inWindow(new Date(fx.now.getTime() - 30 * 864e5), fx.now), "review").breaches).toBeGreaterThan(0);
  });

  it("a custom range uses hourly points and only the runs inside it", async () => {
    const from = new Date(fx.now.getTime() - 36 * 3_600_000);
    const a = await getProcessAnalytics(get().handle.db, { slug: "alpha", range: "custom", from, to: fx.now }, fx.now);
    expect(a.scope.bucket).toBe("hour");
    expect(a.figures.runs).toBe(inWindow(from, fx.now).length);
    expect(a.series.every((p) => /T\d{2}:00:00Z$/.test(p.bucket))).toBe(true);
  });

  it("the overview lists every process with its headline figures", async () => {
    const o = await getAnalyticsOverview(get().handle.db, { range: "7d" }, fx.now);
    const from = new Date(fx.now.getTime() - 7 * 864e5);
    const alpha = o.processes.find((p) => p.slug === "alpha")!;
    const runs = inWindow(from, fx.now);
    const e = expectedProcess(fx, runs);
    expect(alpha).toMatchObject({ runs: e.runs, latestVersion: 2 });
    expect(alpha.costUsd).toBeCloseTo(e.cost, 10);
    expect(alpha.p95DurationMs).toBeCloseTo(e.p95!, 3);
    const other = o.processes.find((p) => p.slug === "alpha-other")!;
    expect(other.runs).toBe(fx.runs.filter((r) => r.processId === fx.otherProcessId && r.createdAt >= from).length);
  });

  it("the runs list filtered like a node figure lists exactly the runs behind it", async () => {
    const from = new Date(fx.now.getTime() - 7 * 864e5);
    const node = (await getNodeAnalytics(get().handle.db, { slug: "alpha", range: "7d", version: 2 }, fx.now)).nodes.find((n) => n.nodeId === "send")!;
    const listed = await listRuns(get().handle.db, { process: "alpha", version: 2, node: "send", from, to: fx.now, limit: 200 });
    const ids = new Set(fx.steps.filter((s) => s.nodeId === "send").map((s) => s.runId));
    const expected = inWindow(from, fx.now, 2).filter((r) => ids.has(r.id));
    expect(listed.map((r) => r.id).sort()).toEqual(expected.map((r) => `run_${r.id}`).sort());
    expect(listed.length).toBe(node.runs);
    expect(listed.length).toBeGreaterThan(0);
    const failed = await listRuns(get().handle.db, { process: "alpha", status: "failed", from, to: fx.now, limit: 200 });
    expect(failed.length).toBe(inWindow(from, fx.now).filter((r) => r.status === "failed").length);
    await expect(listRuns(get().handle.db, { version: 2 })).rejects.toThrow(/needs the process/);
  });

  it("unknown processes and versions are a clear 404", async () => {
    await expect(getProcessAnalytics(get().handle.db, { slug: "nope", range: "7d" })).rejects.toThrow(/No process "nope"/);
    await expect(getNodeAnalytics(get().handle.db, { slug: "alpha", range: "7d", version: 9 })).rejects.toThrow(/no version 9/);
  });
});
