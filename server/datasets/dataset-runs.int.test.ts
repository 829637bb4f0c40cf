import { afterAll, beforeAll, expect, it } from "vitest";
import { quantile } from "@/core";
import { routedGraph as routedGraphOf } from "@/core/testing/graphs";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { publishGraph } from "@/server/runtime/testing/graphs";
import { listRuns } from "@/server/runs/runs.service";
import { getNodeAnalytics } from "@/server/analytics/node-analytics.presenter";
import { getProcessAnalytics } from "@/server/analytics/process-analytics.presenter";
import { importProcess } from "@/server/processes/processes.service";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { buildOpenApiDocument } from "@/server/rest/openapi";
import { handleRestRequest } from "@/server/rest/rest-handler";
import { cancelDatasetRun, createDataset, launchDatasetRun } from "./datasets.service";
import { sweepDatasetRuns } from "./dataset-pump";
import { getDatasetRun, listDatasetRuns } from "./dataset-runs.presenter";

/**
 * classify names openai/gpt-4.1-mini, a provider this instance does NOT configure: on the simulator
 * every call is answered offline and priced as gpt-4.1-mini; on the configured providers, it fails.
 */
const routedGraph = (slug: string) => routedGraphOf(slug, { model: "openai/gpt-4.1-mini" });

const JSONL = ['{"q":"I was charged twice on my invoice"}', '{"q":"The API crashes with error 500"}', '{"q":"Just saying hello"}'].join("\n");

describeEachDatabase("dataset runs", (get) => {
  let h: RuntimeHarness;
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });
  const settled = (id: string) =>
    waitFor(async () => {
      const v = await getDatasetRun(h.db, { id });
      return v.status !== "running" ? v : null;
    }, `dataset run ${id}`, 120_000);

  it("runs 3 inputs × 2 on the simulator with the real engine; results aggregate per node; nothing enters analytics", async () => {
    await publishGraph(h.db, routedGraph("ds-a"));
    const ds = await createDataset(h.db, { slug: "ds-a", source: "jsonl", name: "three tickets", text: JSONL });
    expect(ds.size).toBe(3);
    const { id } = await launchDatasetRun(h.db, { datasetId: ds.id, target: 1, repetitions: 2, provider: "simulator", spendCapUsd: 10, concurrency: 2 }, h.deps);
    const view = await settled(id);
    expect(view).toMatchObject({ status: "completed", launched: 6, total: 6, stopReason: null });

    // Independently from the database: the six runs, their costs, and which ones reached "reply".
    const runs = await h.db.run.findMany({ where: { datasetRunId: (await h.db.datasetRun.findUniqueOrThrow({ where: { publicId: id } })).id }, include: { steps: true } });
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.kind === "dataset" && r.status === "completed")).toBe(true);
    // Each input ran twice.
    expect(runs.map((r) => (r.input as { q: string }).q).sort()).toEqual(JSONL.split("\n").flatMap((l) => [JSON.parse(l).q, JSON.parse(l).q]).sort());
    // Simulated although openai is not configured, and priced as the model the step names.
    const classify = runs.flatMap((r) => r.steps.filter((s) => s.nodeId === "classify"));
    expect(classify.every((s) => s.status === "succeeded" && s.model === "openai/gpt-4.1-mini" && s.costUsd > 0)).toBe(true);

    const r = view.results;
    expect(r.finished).toBe(6);
    const costs = runs.map((x) => x.costUsd);
    expect(r.cost.total).toBeCloseTo(costs.reduce((a, b) => a + b, 0), 10);
    expect(r.cost.p50).toBeCloseTo(quantile(costs, 0.5)!, 10);
    expect(r.cost.p10).toBeLessThanOrEqual(r.cost.p90!);
    expect(view.spentUsd).toBeCloseTo(r.cost.total, 10);

    const categories = classify.map((s) => (s.output as { category: string }).category);
    const count = (v: string) => categories.filter((c) => c === v).length;
    const node = (nodeId: string) => r.nodes.find((n) => n.nodeId === nodeId)!;
    expect(node("classify")).toMatchObject({ reached: 6, reach: 1, failed: 0, calls: 6 });
    expect(node("classify").fields).toEqual([{ field: "category", kind: "distribution", count: 6, counts: expect.objectContaining({ billing: count("billing") }) }]);
    expect(count("billing")).toBe(2); // the simulator files "charged … invoice" under billing, both times
    const reached = runs.filter((x) => x.steps.some((s) => s.nodeId === "reply")).length;
    expect(reached).toBe(2);
    expect(node("route").branches).toEqual({ other: 4, billing: 2 });
    expect(node("reply")).toMatchObject({ reached: 2, reach: 2 / 6, calls: 2 });
    // What "use in projection" feeds the calculator: reach from the path taken, tokens per node.
    const replyTokens = runs.flatMap((x) => x.steps.filter((s) => s.nodeId === "reply"));
    expect(r.observed.reply!.reach).toBeCloseTo(1 / 3, 10);
    expect(r.observed.reply!.callsPerReach).toBe(1);
    expect(r.observed.reply!.perCall.output).toBeCloseTo(replyTokens.reduce((a, s) => a + s.outputTokens, 0) / 2, 10);
    expect(r.failures).toEqual([]);

    // Out of production analytics and of the default runs list.
    const figures = await getProcessAnalytics(h.db, { slug: "ds-a", range: "7d" });
    expect(figures.figures).toMatchObject({ runs: 0, costUsd: 0 });
    expect((await getNodeAnalytics(h.db, { slug: "ds-a", range: "7d" })).runs).toBe(0);
    expect(await h.db.analyticsNodeHour.count({ where: { processId: runs[0]!.processId } })).toBe(0);
    expect(await listRuns(h.db, { process: "ds-a" })).toEqual([]);
    expect((await listRuns(h.db, { process: "ds-a", kind: "dataset" })).length).toBe(6);
    // A rerun would start a production run from a dataset run (of a hidden draft version, possibly): refused.
    const { rerunFromNode } = await import("@/server/runs/runs.service");
    await expect(rerunFromNode(h.db, { runId: runs[0]!.publicId, fromNodeId: "classify" }, h.deps)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/dataset run/) });
  }, 240_000);

  it("stops at the spend cap: no more launches, says so", async () => {
    await publishGraph(h.db, routedGraph("ds-b"));
    const ds = await createDataset(h.db, { slug: "ds-b", source: "jsonl", name: "capped", text: JSONL });
    const { id } = await launchDatasetRun(h.db, { datasetId: ds.id, target: 1, repetitions: 2, provider: "simulator", spendCapUsd: 0.000001, concurrency: 1 }, h.deps);
    const view = await settled(id);
    expect(view.status).toBe("capped");
    expect(view.launched).toBe(1);
    expect(view.stopReason).toMatch(/^Spend cap of \$0\.000001 reached .*stopped after launching 1 of 6 runs/);
    expect(await h.db.run.count({ where: { process: { slug: "ds-b" } } })).toBe(1);
    expect((await listDatasetRuns(h.db, { slug: "ds-b" })).map((x) => x.status)).toEqual(["capped"]);
  }, 240_000);

  it("at the cap with runs in flight: launches nothing more and leaves none running; a user cancel does the same", async () => {
    await publishGraph(h.db, routedGraph("ds-f"));
    const ds = await createDataset(h.db, { slug: "ds-f", source: "jsonl", name: "wide", text: JSONL });
    const capped = await settled((await launchDatasetRun(h.db, { datasetId: ds.id, target: 1, repetitions: 2, spendCapUsd: 0.000001, concurrency: 3 }, h.deps)).id);
    expect(capped).toMatchObject({ status: "capped", launched: 3, total: 6 });
    const active = (slug: string) => h.db.run.count({ where: { process: { slug }, status: { in: ["queued", "running", "waiting"] } } });
    await waitFor(async () => (await active("ds-f")) === 0, "no run of ds-f active");
    expect(await h.db.run.count({ where: { process: { slug: "ds-f" } } })).toBe(3);

    const { id } = await launchDatasetRun(h.db, { datasetId: ds.id, target: 1, repetitions: 2, spendCapUsd: 5, concurrency: 1 }, h.deps);
    await cancelDatasetRun(h.db, { id }, h.deps);
    const cancelled = await getDatasetRun(h.db, { id });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.stopReason).toMatch(/^Cancelled after launching \d of 6 runs\.$/);
    await waitFor(async () => (await active("ds-f")) === 0, "no run of ds-f active after cancel");
    expect((await getDatasetRun(h.db, { id })).launched).toBe(cancelled.launched);
    await expect(cancelDatasetRun(h.db, { id }, h.deps)).rejects.toMatchObject({ code: "CONFLICT" });
  }, 240_000);

  it("a dataset run whose launch never ran (a crash right after its row committed) is launched by the host's sweep", async () => {
    await publishGraph(h.db, routedGraph("ds-g"));
    const ds = await createDataset(h.db, { slug: "ds-g", source: "jsonl", name: "crash", text: JSONL });
    const stored = await h.db.dataset.findUniqueOrThrow({ where: { publicId: ds.id } });
    const version = await h.db.processVersion.findFirstOrThrow({ where: { processId: stored.processId, kind: "published" } });
    const row = await h.db.datasetRun.create({
      data: { publicId: "dsr_crashed", datasetId: stored.id, processId: stored.processId, versionId: version.id, target: "published", provider: "simulator", repetitions: 1, concurrency: 2, spendCapUsd: 5, total: 3 },
    });
    expect(await h.db.run.count({ where: { datasetRunId: row.id } })).toBe(0);
    await sweepDatasetRuns(h.db, h.deps);
    const view = await settled("dsr_crashed");
    expect(view).toMatchObject({ status: "completed", launched: 3, results: { finished: 3, byStatus: { completed: 3 } } });
  }, 240_000);

  it("on the configured providers, a step naming an unconfigured provider fails, and the failures are grouped by node", async () => {
    await publishGraph(h.db, routedGraph("ds-c"));
    const ds = await createDataset(h.db, { slug: "ds-c", source: "jsonl", name: "real", text: JSONL });
    const { id } = await launchDatasetRun(h.db, { datasetId: ds.id, target: 1, repetitions: 1, provider: "configured", spendCapUsd: 1, concurrency: 3 }, h.deps);
    const view = await settled(id);
    expect(view.status).toBe("completed");
    expect(view.results.byStatus).toEqual({ failed: 3 });
    expect(view.results.failures).toHaveLength(1);
    expect(view.results.failures[0]).toMatchObject({ nodeId: "classify", runs: 3 });
    expect(view.results.failures[0]!.message).toMatch(/openai/);
  }, 240_000);

  it("runs the current draft, and takes inputs from past runs; refuses a file with bad rows, listing them, saving nothing", async () => {
    await importProcess(h.db, { graph: routedGraph("ds-d") });
    await expect(createDataset(h.db, { slug: "ds-d", source: "csv", name: "bad", text: "q,extra\nx,1\n" })).rejects.toThrow(/Column "extra" match no input field/);
    await expect(createDataset(h.db, { slug: "ds-d", source: "jsonl", name: "bad", text: '{"q":"a"}\n{"q":1}\n' })).rejects.toMatchObject({ code: "BAD_REQUEST", details: { rowErrors: [{ line: 2 }] } });
    expect(await h.db.dataset.count({ where: { name: "bad" } })).toBe(0);
    const ds = await createDataset(h.db, { slug: "ds-d", source: "csv", name: "csv", text: 'q\n"charged twice, refund please"\n' });
    const view = await settled((await launchDatasetRun(h.db, { datasetId: ds.id, target: "draft", repetitions: 1, spendCapUsd: 1 }, h.deps)).id);
    expect(view).toMatchObject({ status: "completed", target: "draft", results: { finished: 1, byStatus: { completed: 1 } } });
    // Past runs' inputs: the dataset runs above are not "past runs" of the process (kind dataset).
    await expect(createDataset(h.db, { slug: "ds-d", source: "runs", name: "past", last: 5 })).rejects.toThrow(/has no runs/);
    const { startRun } = await import("@/server/runs/runs.service");
    await publishGraph(h.db, { ...routedGraph("ds-e") });
    for (const q of ["one", "two", "three"]) await startRun(h.db, { slug: "ds-e", input: { q }, trigger: "api" }, h.deps);
    const past = await createDataset(h.db, { slug: "ds-e", source: "runs", name: "past", last: 2 });
    expect(past.size).toBe(2);
    const stored = await h.db.dataset.findUniqueOrThrow({ where: { publicId: past.id } });
    expect(stored.inputs).toEqual([{ q: "two" }, { q: "three" }]);
  }, 240_000);

  it("REST: upload (400 with row errors, saving nothing), launch, read results; all in the OpenAPI document", async () => {
    await publishGraph(h.db, routedGraph("ds-r"));
    const { key } = await createApiKey(h.db, { name: "ds", role: "operator", createdById: null });
    const call = (method: string, path: string, body?: unknown) =>
      handleRestRequest(
        new Request(`http://baton.test/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) }),
        { db: h.db, events: h.deps.events },
      );
    const bad = await call("POST", "/processes/ds-r/datasets", { source: "csv", name: "bad", text: "q\nok\n\"\"\n" });
    // An empty cell leaves q out, which the schema requires: line 3.
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { rowErrors: Array<{ line: number }> } } }).error.details.rowErrors.map((e) => e.line)).toEqual([3]);
    const missing = await call("POST", "/processes/ds-r/datasets", { source: "jsonl", name: "bad", text: '{"q":"a"}\n{"x":1}' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { details: { rowErrors: Array<{ line: number }> } } }).error.details.rowErrors.map((e) => e.line)).toEqual([2]);
    const created = await call("POST", "/processes/ds-r/datasets", { source: "jsonl", name: "api", text: '{"q":"refund for my invoice"}' });
    expect(created.status).toBe(201);
    const ds = (await created.json()) as { id: string; size: number };
    expect(ds.size).toBe(1);
    const launched = await call("POST", `/datasets/${ds.id}/runs`, { target: 1, repetitions: 2, spendCapUsd: 1 });
    expect(launched.status).toBe(202);
    const { id } = (await launched.json()) as { id: string };
    await settled(id);
    const res = await call("GET", `/dataset-runs/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: "completed", provider: "simulator", total: 2, results: { finished: 2, byStatus: { completed: 2 } } });
    const list = (await (await call("GET", "/processes/ds-r/dataset-runs")).json()) as Array<{ id: string }>;
    expect(list.map((x) => x.id)).toEqual([id]);
    const ops = Object.values(buildOpenApiDocument().paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops).toEqual(expect.arrayContaining(["listDatasets", "createDataset", "listDatasetRuns", "launchDatasetRun", "getDatasetRun", "cancelDatasetRun"]));
  }, 240_000);
});
