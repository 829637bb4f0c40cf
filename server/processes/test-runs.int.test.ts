import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { twoStepGraph } from "@/server/runtime/testing/graphs";
import { getRun, listRuns } from "@/server/runs/runs.service";
import { getProcess, importProcess, listPublishedVersions, publishProcess, updateDraft } from "./processes.service";
import { getProcessAnalytics } from "@/server/analytics/process-analytics.presenter";
import { getNodeAnalytics } from "@/server/analytics/node-analytics.presenter";
import { getAnalyticsOverview } from "@/server/analytics/overview.presenter";
import { getTestState, setTestPin, startTestRun } from "./test-runs.service";

describeEachDatabase("designer test runs of a draft", (get) => {
  let h: RuntimeHarness;
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
  });
  afterAll(async () => {
    await h?.close();
  });
  const done = (runId: string) =>
    waitFor(async () => {
      const r = await getRun(h.db, { runId });
      return ["completed", "failed", "cancelled"].includes(r.status) ? r : null;
    }, `test run ${runId}`);

  it("runs the current draft without publishing it, marked test, out of the default runs list", async () => {
    await importProcess(h.db, { graph: twoStepGraph("tr-a") });
    const { runId } = await startTestRun(h.db, { slug: "tr-a", input: { q: "invoices" } }, h.deps);
    const run = await done(runId);
    expect(run.status).toBe("completed");
    expect(run.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ["first", "succeeded"],
      ["second", "succeeded"],
    ]);
    // Nothing was published: no version, no `<slug>-v1` function.
    const process = await getProcess(h.db, { slug: "tr-a", role: "admin" });
    expect(process.versions).toEqual([]);
    expect(process.latestVersion).toBeNull();
    expect((await listPublishedVersions(h.db)).filter((v) => v.slug === "tr-a")).toEqual([]);
    // Marked test, not in the default runs list; the last input is kept for the form.
    expect((await h.db.run.findUniqueOrThrow({ where: { publicId: runId } })).kind).toBe("test");
    expect((await listRuns(h.db, { process: "tr-a" })).map((r) => r.id)).not.toContain(runId);
    expect((await getTestState(h.db, { slug: "tr-a" })).input).toEqual({ q: "invoices" });
  });

  it("runs the draft as edited since (not a stale plan), and reuses the test version while the plan is unchanged", async () => {
    await importProcess(h.db, { graph: twoStepGraph("tr-b") });
    const one = await startTestRun(h.db, { slug: "tr-b", input: { q: "x" } }, h.deps);
    const again = await startTestRun(h.db, { slug: "tr-b", input: { q: "y" } }, h.deps);
    expect(again.planHash).toBe(one.planHash);
    const g = twoStepGraph("tr-b");
    await updateDraft(h.db, { slug: "tr-b", graph: { ...g, nodes: g.nodes.map((n) => (n.id === "done" ? { ...n, output: { text: "{{ steps.first.output.text }}", edited: "yes" } } : n)) } });
    const edited = await startTestRun(h.db, { slug: "tr-b", input: { q: "z" } }, h.deps);
    expect(edited.planHash).not.toBe(one.planHash);
    const run = await done(edited.runId);
    expect(run).toMatchObject({ status: "completed", output: { edited: "yes" } });
    await done(one.runId);
    await done(again.runId);
    expect(await h.db.processVersion.count({ where: { process: { slug: "tr-b" }, kind: "test" } })).toBe(2);
  });

  it("returns a pinned output in test runs without calling the step, and never in published runs", async () => {
    await importProcess(h.db, { graph: twoStepGraph("tr-c") });
    const first = await done((await startTestRun(h.db, { slug: "tr-c", input: { q: "a" } }, h.deps)).runId);
    const paid = first.steps.find((s) => s.nodeId === "first")!;
    expect(paid.costUsd).toBeGreaterThan(0);

    await setTestPin(h.db, { slug: "tr-c", nodeId: "first", output: { text: "PINNED TEXT" } });
    const pinnedRun = await done((await startTestRun(h.db, { slug: "tr-c", input: { q: "b" } }, h.deps)).runId);
    expect(pinnedRun.status).toBe("completed");
    const pinnedStep = pinnedRun.steps.find((s) => s.nodeId === "first")!;
    expect(pinnedStep).toMatchObject({ status: "succeeded", output: { text: "PINNED TEXT" }, costUsd: 0, model: null, detail: { pinned: true } });
    // The next step read the pinned value (the simulator echoes its prompt's subject).
    const second = pinnedRun.steps.find((s) => s.nodeId === "second")!;
    expect(JSON.stringify(second.input)).toContain("PINNED TEXT");

    // The same process published and run for real: the pin is not applied.
    await publishProcess(h.db, { slug: "tr-c" });
    const { startRun } = await import("@/server/runs/runs.service");
    const real = await done((await startRun(h.db, { slug: "tr-c", input: { q: "c" }, trigger: "api" }, h.deps)).runId);
    const realFirst = real.steps.find((s) => s.nodeId === "first")!;
    expect(realFirst.costUsd).toBeGreaterThan(0);
    expect(realFirst.output).not.toEqual({ text: "PINNED TEXT" });

    // Unpinned: the next test run pays for the step again.
    await setTestPin(h.db, { slug: "tr-c", nodeId: "first" });
    const unpinned = await done((await startTestRun(h.db, { slug: "tr-c", input: { q: "d" } }, h.deps)).runId);
    expect(unpinned.steps.find((s) => s.nodeId === "first")!.costUsd).toBeGreaterThan(0);

    // Analytics count the one real run only; the three test runs are left out everywhere.
    expect(await h.db.run.count({ where: { process: { slug: "tr-c" }, kind: "test" } })).toBe(3);
    const figures = await getProcessAnalytics(h.db, { slug: "tr-c", range: "7d" });
    expect(figures.figures.runs).toBe(1);
    expect(figures.figures.costUsd).toBeCloseTo(real.totals.costUsd, 10);
    expect((await getNodeAnalytics(h.db, { slug: "tr-c", range: "7d" })).runs).toBe(1);
    expect((await getAnalyticsOverview(h.db, { range: "7d" })).processes.find((p) => p.slug === "tr-c")).toMatchObject({ runs: 1, latestVersion: 1 });
  });

  it("refuses a draft with errors and input that does not fit the trigger schema, saying why", async () => {
    await importProcess(h.db, { graph: twoStepGraph("tr-d") });
    const bad = await startTestRun(h.db, { slug: "tr-d", input: { nope: 1 } }, h.deps).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "BAD_REQUEST", details: { fieldErrors: expect.any(Object) } });
    const g = twoStepGraph("tr-d");
    await updateDraft(h.db, { slug: "tr-d", graph: { ...g, edges: g.edges.slice(1) } });
    const broken = await startTestRun(h.db, { slug: "tr-d", input: { q: "x" } }, h.deps).catch((e: unknown) => e);
    expect(broken).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/cannot be test-run/) });
  });
});
