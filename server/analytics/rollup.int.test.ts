import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { describeEachDatabase } from "@/server/testing/databases";
import { writeStepRecord, type StepRecordWrite } from "@/server/runtime/step-records";
import { markRunCrashed } from "@/server/runtime/execute-run";
import { backfillRollupsIfMissing, rebuildRollups } from "./rollup-rebuild";
import { getNodeAnalytics } from "./node-analytics.presenter";
import { getProcessAnalytics } from "./process-analytics.presenter";
import { reachTokenPercentiles } from "./rollup-query";
import { dialectOf, num, rows } from "./sql";
import { Prisma } from "@/server/db/generated/sqlite/index.js";

/** Every rollup row, keyed and rounded, so two states compare as plain objects. */
async function snapshot(db: Db) {
  const out: Record<string, Record<string, unknown>> = {};
  const tables = {
    analytics_execution: "run_id, step_id",
    analytics_node_hour: "process_id, version_id, node_id, hour",
    analytics_model_hour: "process_id, version_id, node_id, model, hour",
    analytics_latency_hour: "process_id, version_id, node_id, hour, bucket",
    analytics_run_node: "run_id, node_id",
    analytics_reach_tokens_hour: "process_id, version_id, node_id, hour, metric, bucket",
    analytics_reach_tokens_day: "process_id, version_id, node_id, day, metric, bucket",
  };
  for (const [table, key] of Object.entries(tables)) {
    for (const r of await rows(db, Prisma.sql`SELECT * FROM ${Prisma.raw(table)}`)) {
      const k = `${table}:${key.split(", ").map((c) => (r[c] instanceof Date ? (r[c] as Date).toISOString() : String(r[c]))).join("|")}`;
      const v = Object.fromEntries(Object.entries(r).filter(([c]) => !key.split(", ").includes(c)).map(([c, x]) => [c, typeof x === "string" && c !== "kind" && c !== "metric" && c !== "provider" && c !== "node_id" && c !== "process_id" && c !== "version_id" ? x : typeof x === "number" || typeof x === "bigint" || (x !== null && typeof x === "object" && !(x instanceof Date)) ? Math.round(num(x) * 1e9) / 1e9 : x instanceof Date ? x.toISOString() : x]));
      // Rows whose every count went back to zero are the same as absent rows.
      if (table !== "analytics_execution" && table !== "analytics_run_node" && Object.entries(v).every(([c, x]) => typeof x !== "number" || x === 0 || c === "bucket")) continue;
      out[k] = v;
    }
  }
  return out;
}

describeEachDatabase("analytics rollups", (get) => {
  const hourStart = new Date("2026-06-15T10:00:00.000Z");
  let run1 = "", run2 = "";
  beforeAll(async () => {
    const db = get().handle.db;
    const p = await db.process.create({ data: { publicId: "proc_roll", slug: "roll", name: "Roll", draft: {}, webhookToken: "wh_roll" } });
    const v = await db.processVersion.create({ data: { processId: p.id, version: 1, graph: { nodes: [] }, plan: {}, planHash: "roll", functionConfig: {} } });
    const mk = async (i: number, minute: number) =>
      (await db.run.create({ data: { publicId: `run_roll${i}`, processId: p.id, versionId: v.id, status: "running", input: {}, createdAt: new Date(hourStart.getTime() + minute * 60_000) } })).id;
    run1 = await mk(1, 10);
    run2 = await mk(2, 75); // the next hour
  });

  const base = (runDbId: string, nodeId: string, stepId = nodeId) => ({ runDbId, nodeId, stepId, startedAt: hourStart });
  /** A run's life: a retry that fails then succeeds, a fallback, a repair, loop iterations, a tool, a human step. */
  const writes = (): StepRecordWrite[] => [
    { ...base(run1, "classify"), kind: "llm", attempt: 1, status: "running", model: "sim/light-1", provider: "sim" },
    { ...base(run1, "classify"), kind: "llm", attempt: 1, status: "failed", model: "sim/light-1", provider: "sim", inputTokens: 100, costUsd: 0.001, latencyMs: 250 },
    { ...base(run1, "classify"), kind: "llm", attempt: 2, status: "succeeded", model: "sim/light-1", provider: "sim", inputTokens: 120, outputTokens: 30, costUsd: 0.0012, latencyMs: 310 },
    { ...base(run1, "draft", "draft#0"), kind: "llm", attempt: 1, status: "failed", model: "sim/mid-1", provider: "sim", inputTokens: 400, costUsd: 0.004, latencyMs: 1200 },
    { ...base(run1, "draft", "draft#0"), kind: "llm", attempt: 2, status: "succeeded", model: "sim/strong-1", provider: "sim", inputTokens: 400, outputTokens: 90, costUsd: 0.02, latencyMs: 2100 },
    { ...base(run1, "draft", "draft#1"), kind: "llm", attempt: 1, status: "succeeded", model: "custom/mystery", provider: "custom", inputTokens: 300, outputTokens: 40, latencyMs: 900, detail: { unpriced: true } },
    { ...base(run1, "draft", "draft#1"), kind: "llm", attempt: 2, status: "succeeded", model: "custom/mystery", provider: "custom", inputTokens: 50, outputTokens: 40, latencyMs: 100, detail: { repair: true, unpriced: true } },
    { ...base(run1, "send"), kind: "tool", attempt: 1, status: "failed", latencyMs: 40 },
    { ...base(run1, "send"), kind: "tool", attempt: 2, status: "succeeded", latencyMs: 0 },
    { ...base(run1, "review"), kind: "human", attempt: 1, status: "waiting" },
    { ...base(run2, "classify"), kind: "llm", attempt: 1, status: "succeeded", model: "sim/light-1", provider: "sim", inputTokens: 90, outputTokens: 10, costUsd: 0.0009, latencyMs: 180 },
    { ...base(run2, "send"), kind: "tool", attempt: 1, status: "running" },
  ];

  it("rollups maintained write by write equal a rebuild from the raw records, after retries, re-execution and a crash", async () => {
    const db = get().handle.db;
    for (const w of writes()) await writeStepRecord(db, w);
    // Re-execution: the engine runs step callbacks again after a crash and they rewrite their records.
    for (const w of writes().slice(3, 9)) await writeStepRecord(db, w);
    // A crash mid-transaction: the record and its rollup change roll back together.
    await expect(
      db.$transaction(async (tx) => {
        await writeStepRecord(tx as unknown as Db, { ...base(run2, "classify"), kind: "llm", attempt: 2, status: "succeeded", model: "sim/mid-1", costUsd: 5, latencyMs: 99 });
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    // The run gives up: its open records (send running, in run2) end as failed.
    await markRunCrashed(db, run2, "boom");
    const incremental = await snapshot(db);
    await rebuildRollups(db);
    const rebuilt = await snapshot(db);
    expect(incremental).toEqual(rebuilt);
    // Not vacuous: the figures the test is about are there.
    const nodes = await getNodeAnalytics(db, { slug: "roll", range: "custom", from: hourStart, to: new Date(hourStart.getTime() + 2 * 3_600_000) });
    const by = Object.fromEntries(nodes.nodes.map((n) => [n.nodeId, n]));
    expect(by.classify).toMatchObject({ calls: 3, executions: 2, runs: 2 });
    expect(by.classify!.retryRate).toBe(0.5);
    expect(by.draft).toMatchObject({ calls: 4, executions: 2, runs: 1, unpricedCalls: 2 });
    expect(by.draft!.fallbackRate).toBe(0.5);
    expect(by.draft!.repairRate).toBe(0.5);
    expect(by.send).toMatchObject({ calls: 3, executions: 2 });
    expect(by.send!.errorRate).toBe(0.5);
  });

  it("an upgraded installation (records but no rollups) gets them built once at start-up, and only once", async () => {
    const db = get().handle.db;
    for (const w of writes()) await writeStepRecord(db, w);
    await rebuildRollups(db);
    const expected = await snapshot(db);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    for (const t of ["analytics_execution", "analytics_node_hour", "analytics_model_hour", "analytics_latency_hour", "analytics_run_node", "analytics_reach_tokens_hour", "analytics_reach_tokens_day"]) {
      await db.$executeRawUnsafe(`DELETE FROM ${t}`);
    }
    expect(await backfillRollupsIfMissing(db)).toBe(true);
    expect(await snapshot(db)).toEqual(expected);
    expect(await backfillRollupsIfMissing(db)).toBe(false);
  });

  it("a range that starts and ends mid-hour adds the raw partial hours to the closed ones", async () => {
    const db = get().handle.db;
    await rebuildRollups(db);
    // 10:30–11:30: run1 (10:10) is outside, run2 (11:15) inside the partial last hour; 10:05–12:00 has both.
    const half = await getNodeAnalytics(db, { slug: "roll", range: "custom", from: new Date(hourStart.getTime() + 30 * 60_000), to: new Date(hourStart.getTime() + 90 * 60_000) });
    expect(half.nodes.map((n) => [n.nodeId, n.calls])).toEqual([["classify", 1], ["send", 1]]);
    const wide = await getProcessAnalytics(db, { slug: "roll", range: "custom", from: new Date(hourStart.getTime() + 5 * 60_000), to: new Date(hourStart.getTime() + 3 * 3_600_000) });
    // 10:05 is mid-hour (run1 comes from the raw records), 11:00–12:00 is a closed hour (run2 from the rollup).
    expect(wide.models.find((m) => m.model === "sim/light-1")).toMatchObject({ calls: 3, inputTokens: 310 });
    expect(wide.figures.unpricedCalls).toBe(2);
  });

  it("an installation with hourly rollups but no day level gets the day level summed from the hours, once", async () => {
    const db = get().handle.db;
    await rebuildRollups(db);
    const expected = await snapshot(db);
    expect(Object.keys(expected).some((k) => k.startsWith("analytics_reach_tokens_day:"))).toBe(true);
    await db.$executeRawUnsafe("DELETE FROM analytics_reach_tokens_day");
    expect(await backfillRollupsIfMissing(db)).toBe(true);
    expect(await snapshot(db)).toEqual(expected);
    expect(await backfillRollupsIfMissing(db)).toBe(false);
  });

  it("the reach-tokens band over whole days from the day level equals the band from the hour level alone", async () => {
    const db = get().handle.db;
    const p = await db.process.create({ data: { publicId: "proc_band", slug: "band", name: "Band", draft: {}, webhookToken: "wh_band" } });
    const v = await db.processVersion.create({ data: { processId: p.id, version: 1, graph: { nodes: [] }, plan: {}, planHash: "band", functionConfig: {} } });
    // 40 runs over five days at uneven hours, with token sums spread over several doublings.
    const day0 = new Date("2026-06-01T00:00:00.000Z").getTime();
    for (let i = 0; i < 40; i++) {
      const createdAt = new Date(day0 + Math.floor(i / 8) * 86_400_000 + ((i * 7) % 24) * 3_600_000 + 17 * 60_000);
      const run = await db.run.create({ data: { publicId: `run_band${i}`, processId: p.id, versionId: v.id, status: "completed", input: {}, createdAt } });
      const calls = 1 + (i % 3);
      for (let a = 1; a <= calls; a++) {
        await writeStepRecord(db, { runDbId: run.id, nodeId: "draft", stepId: "draft", startedAt: createdAt, kind: "llm", attempt: a, status: "succeeded", model: "sim/mid-1", inputTokens: 50 + ((i * 97) % 900), cachedInputTokens: (i % 4) * 40, outputTokens: 10 + ((i * 31) % 400), latencyMs: 100 });
      }
    }
    // Mid-day to mid-day: partial hours at both ends (raw), partial days (hour level) and three whole days (day level).
    const w = { processId: p.id, from: new Date(day0 + 5.5 * 3_600_000), to: new Date(day0 + 4 * 86_400_000 + 17.75 * 3_600_000) };
    const d = dialectOf(db);
    const both = await reachTokenPercentiles(db, d, w);
    const hours = await reachTokenPercentiles(db, d, w, [0.1, 0.9], "hours-only");
    expect([...both.keys()].sort()).toEqual(["draft\u0000cached", "draft\u0000input", "draft\u0000output"]);
    expect(both).toEqual(hours);
    // Not vacuous: the day level holds the whole days' runs, and the band is a real spread.
    const [dayRuns] = await rows(db, Prisma.sql`SELECT SUM(runs) AS n FROM analytics_reach_tokens_day WHERE process_id = ${p.id} AND metric = 'input' AND day >= ${new Date(day0 + 86_400_000)} AND day < ${new Date(day0 + 4 * 86_400_000)}`);
    expect(num(dayRuns?.n)).toBe(24);
    expect(both.get("draft\u0000input")![1]!).toBeGreaterThan(both.get("draft\u0000input")![0]! * 2);
    // And the figures are those of the runs themselves (within the histogram's 4.4%).
    const sums = await rows(db, Prisma.sql`SELECT SUM(s.input_tokens) AS t FROM step_record s JOIN run r ON r.id = s.run_id WHERE r.process_id = ${p.id} AND r.created_at >= ${w.from} AND r.created_at < ${w.to} GROUP BY s.run_id`);
    const sorted = sums.map((r) => num(r.t)).sort((a, b) => a - b);
    const pos = 0.9 * (sorted.length - 1), lo = Math.floor(pos);
    const p90 = sorted[lo]! + (pos - lo) * (sorted[lo + 1]! - sorted[lo]!);
    expect(Math.abs(both.get("draft\u0000input")![1]! - p90)).toBeLessThanOrEqual((2 ** (1 / 16) - 1) * p90);
  });
});
