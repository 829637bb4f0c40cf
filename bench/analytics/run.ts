/**
 * Analytics benchmark: 100,000 runs and 1,000,000 step records (plus 10,000 escalations) generated in SQL on a
 * fresh SQLite file and a fresh PostgreSQL schema, then every analytics query and the calculator's context +
 * projection timed (p50 / p95 over repeated calls after a warm-up). On SQLite it also reports the longest
 * event-loop stall, since SQLite queries run synchronously on the thread the embedded engine shares.
 * Prints one JSON line per query and database. See bench/README.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { exampleGraphs, projectProcess } from "@/core";
import { openDatabase, type DbHandle } from "@/server/db/client";
import { getCalculatorContext } from "@/server/analytics/calculator.presenter";
import { getNodeAnalytics } from "@/server/analytics/node-analytics.presenter";
import { getAnalyticsOverview } from "@/server/analytics/overview.presenter";
import { getProcessAnalytics } from "@/server/analytics/process-analytics.presenter";
import { rebuildRollups } from "@/server/analytics/rollup-rebuild";
import { seedPriceTable } from "@/server/settings/settings.service";
import { migrate } from "@/scripts/db.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
const STEPS_PER_RUN = 10;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 7);
const PG_URL = process.env.BATON_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
/** BENCH_QUERIES=name,name runs only those queries (e.g. calculator-context+projection). */
const pick = (process.env.BENCH_QUERIES ?? "").split(",").filter(Boolean);
const graph = exampleGraphs["support-triage"]!;
const NODES = ["classify", "draft", "send-reply", "review", "escalate", "classify", "draft", "send-reply", "draft", "classify"];
const KINDS: Record<string, string> = { classify: "llm", draft: "llm", "send-reply": "tool", review: "human", escalate: "human" };
const NOW = new Date();

async function open(provider: "sqlite" | "postgres"): Promise<{ handle: DbHandle; url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-analytics-"));
    const url = `file:${join(dir, "baton.db")}`;
    await migrate(url, { log: () => {} });
    const handle = await openDatabase(url);
    return { handle, url, drop: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  const u = new URL(PG_URL);
  u.searchParams.set("schema", schema);
  await migrate(u.toString(), { log: () => {} });
  const handle = await openDatabase(u.toString());
  return {
    handle,
    url: u.toString(),
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/** Generates the data set inside the database (no rows cross the wire). */
async function seed(h: DbHandle): Promise<void> {
  const db = h.db;
  await seedPriceTable(db);
  const p = await db.process.create({ data: { publicId: "proc_bench", slug: graph.slug, name: graph.name, draft: graph as object, webhookToken: "wh_bench" } });
  const v1 = await db.processVersion.create({ data: { processId: p.id, version: 1, graph: graph as object, plan: {}, planHash: "a", functionConfig: {}, createdAt: new Date(NOW.getTime() - 40 * 864e5) } });
  const v2 = await db.processVersion.create({ data: { processId: p.id, version: 2, graph: graph as object, plan: {}, planHash: "b", functionConfig: {}, createdAt: new Date(NOW.getTime() - 10 * 864e5) } });
  const nodeCase = NODES.map((n, j) => `WHEN ${j} THEN '${n}'`).join(" ");
  const kindCase = NODES.map((n, j) => `WHEN ${j} THEN '${KINDS[n]}'`).join(" ");
  const decisions = JSON.stringify([{ id: "approve", type: "approve" }, { id: "edit", type: "edit" }, { id: "reject", type: "reject" }]);
  const status = `CASE i % 10 WHEN 0 THEN 'failed' WHEN 1 THEN 'cancelled' WHEN 2 THEN 'waiting' ELSE 'completed' END`;
  // The j-th record of run i: node, attempt (repeated nodes in a run are further attempts), model, tokens, cost.
  const stepCols = `id, run_id, node_id, step_id, kind, attempt, status, model, provider, input_tokens, cached_input_tokens, output_tokens, cost_usd, latency_ms, detail, started_at`;
  if (h.provider === "sqlite") {
    const ts = (secondsAgo: string) => `strftime('%Y-%m-%dT%H:%M:%f', ${NOW.getTime() / 864e5 + 2440587.5} - (${secondsAgo}) / 86400.0) || '+00:00'`;
    await db.$executeRawUnsafe(`INSERT INTO run (id, public_id, process_id, version_id, status, input, trigger, cost_usd, input_tokens, cached_tokens, output_tokens, created_at, started_at, ended_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RUNS - 1})
      SELECT 'r' || i, 'run_b' || i, '${p.id}', CASE WHEN i % 3 = 0 THEN '${v1.id}' ELSE '${v2.id}' END, ${status}, '{}', 'api',
        0.004 + (i % 97) / 10000.0, 2000 + i % 500, i % 300, 600 + i % 200,
        ${ts("(i * 26) % 2592000")}, ${ts("(i * 26) % 2592000 - 1")}, CASE WHEN i % 10 = 2 THEN NULL ELSE ${ts("(i * 26) % 2592000 - 2 - i % 90")} END
      FROM n`);
    await db.$executeRawUnsafe(`INSERT INTO step_record (${stepCols})
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RUNS - 1}), m(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM m WHERE j < ${STEPS_PER_RUN - 1})
      SELECT 's' || i || '_' || j, 'r' || i, CASE j ${nodeCase} END, CASE j ${nodeCase} END, CASE j ${kindCase} END, 1 + j / 5 + (j = 8) + (j = 9),
        CASE WHEN (i + j) % 23 = 0 THEN 'failed' ELSE 'succeeded' END, CASE WHEN j IN (0, 5, 9) THEN 'sim/light-1' WHEN j IN (1, 6, 8) THEN CASE WHEN i % 7 = 0 THEN 'sim/strong-1' ELSE 'sim/mid-1' END END, 'simulator',
        200 + (i * 7 + j) % 900, (i + j) % 100, 50 + (i * 3 + j) % 400, ((i + j) % 50) / 100000.0, 100 + (i * 13 + j * 7) % 3000,
        CASE WHEN (i + j) % 17 = 0 THEN '{"repair":true}' ELSE NULL END, ${ts("(i * 26) % 2592000")}
      FROM n, m`);
    await db.$executeRawUnsafe(`INSERT INTO escalation (id, public_id, run_id, node_id, step_id, status, reason, context, allowed_decisions, role, decision, due_at, resolved_at, created_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 10 FROM n WHERE i < ${RUNS - 10})
      SELECT 'e' || i, 'esc_b' || i, 'r' || i, 'review', 'review', CASE WHEN i % 70 = 0 THEN 'timed_out' ELSE 'resolved' END, 'unsure', '{}', '${decisions}', 'reviewer',
        CASE WHEN i % 70 = 0 THEN NULL WHEN i % 30 = 0 THEN 'edit' ELSE 'approve' END, ${ts("(i * 26) % 2592000 - 3600")}, ${ts("(i * 26) % 2592000 - (i % 5000)")}, ${ts("(i * 26) % 2592000")}
      FROM n`);
    await db.$executeRawUnsafe("ANALYZE");
    return;
  }
  const ts = (secondsAgo: string) => `(TIMESTAMP '${NOW.toISOString().replace("T", " ").replace("Z", "")}' - ((${secondsAgo}) * INTERVAL '1 second'))`;
  await db.$executeRawUnsafe(`INSERT INTO run (id, public_id, process_id, version_id, status, input, trigger, cost_usd, input_tokens, cached_tokens, output_tokens, created_at, started_at, ended_at)
    SELECT 'r' || i, 'run_b' || i, '${p.id}', CASE WHEN i % 3 = 0 THEN '${v1.id}' ELSE '${v2.id}' END, ${status}, '{}', 'api',
      0.004 + (i % 97) / 10000.0, 2000 + i % 500, i % 300, 600 + i % 200,
      ${ts("(i * 26) % 2592000")}, ${ts("(i * 26) % 2592000 - 1")}, CASE WHEN i % 10 = 2 THEN NULL ELSE ${ts("(i * 26) % 2592000 - 2 - i % 90")} END
    FROM generate_series(0, ${RUNS - 1}) AS i`);
  await db.$executeRawUnsafe(`INSERT INTO step_record (${stepCols})
    SELECT 's' || i || '_' || j, 'r' || i, CASE j ${nodeCase} END, CASE j ${nodeCase} END, CASE j ${kindCase} END, 1 + j / 5 + (j = 8)::int + (j = 9)::int,
      CASE WHEN (i + j) % 23 = 0 THEN 'failed' ELSE 'succeeded' END, CASE WHEN j IN (0, 5, 9) THEN 'sim/light-1' WHEN j IN (1, 6, 8) THEN CASE WHEN i % 7 = 0 THEN 'sim/strong-1' ELSE 'sim/mid-1' END END, 'simulator',
      200 + (i * 7 + j) % 900, (i + j) % 100, 50 + (i * 3 + j) % 400, ((i + j) % 50) / 100000.0, 100 + (i * 13 + j * 7) % 3000,
      CASE WHEN (i + j) % 17 = 0 THEN '{"repair":true}'::jsonb ELSE NULL END, ${ts("(i * 26) % 2592000")}
    FROM generate_series(0, ${RUNS - 1}) AS i, generate_series(0, ${STEPS_PER_RUN - 1}) AS j`);
  await db.$executeRawUnsafe(`INSERT INTO escalation (id, public_id, run_id, node_id, step_id, status, reason, context, allowed_decisions, role, decision, due_at, resolved_at, created_at)
    SELECT 'e' || i, 'esc_b' || i, 'r' || i, 'review', 'review', CASE WHEN i % 70 = 0 THEN 'timed_out' ELSE 'resolved' END, 'unsure', '{}', '${decisions}'::jsonb, 'reviewer',
      CASE WHEN i % 70 = 0 THEN NULL WHEN i % 30 = 0 THEN 'edit' ELSE 'approve' END, ${ts("(i * 26) % 2592000 - 3600")}, ${ts("(i * 26) % 2592000 - (i % 5000)")}, ${ts("(i * 26) % 2592000")}
    FROM generate_series(0, ${RUNS - 10}, 10) AS i`);
  await db.$executeRawUnsafe("ANALYZE");
}

const pct = (xs: number[], p: number) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]!;
};

async function main() {
  for (const provider of ["sqlite", "postgres"] as const) {
    if (only.length && !only.includes(provider)) continue;
    const { handle, url, drop } = await open(provider);
    try {
      const t0 = performance.now();
      await seed(handle);
      const counts = await handle.db.stepRecord.count();
      // The rows were generated in SQL, not by the runtime: build the rollups as a backfill would.
      const r0 = performance.now();
      await rebuildRollups(handle.db);
      await handle.db.$executeRawUnsafe("ANALYZE");
      console.log(JSON.stringify({ provider, rollup_rebuild_s: Math.round(performance.now() - r0) / 1000 }));
      console.log(JSON.stringify({ provider, seeded: { runs: RUNS, stepRecords: counts }, seed_s: Math.round(performance.now() - t0) / 1000 }));
      const db = handle.db;
      const slug = graph.slug;
      const queries: Array<[string, () => Promise<unknown>]> = [
        ["overview-7d", () => getAnalyticsOverview(db, { range: "7d" })],
        ["process-24h", () => getProcessAnalytics(db, { slug, range: "24h" })],
        ["process-7d", () => getProcessAnalytics(db, { slug, range: "7d" })],
        ["process-30d", () => getProcessAnalytics(db, { slug, range: "30d" })],
        ["process-30d-v2", () => getProcessAnalytics(db, { slug, range: "30d", version: 2 })],
        ["nodes-7d", () => getNodeAnalytics(db, { slug, range: "7d" })],
        ["nodes-30d", () => getNodeAnalytics(db, { slug, range: "30d" })],
        ["nodes-30d-v2", () => getNodeAnalytics(db, { slug, range: "30d", version: 2 })],
        ["calculator-context+projection", async () => projectProcess(await getCalculatorContext(db, { slug, version: 2 }))],
      ];
      for (const [name, run] of queries) {
        if (pick.length && !pick.includes(name)) continue;
        await run(); // warm-up
        // The longest gap between 1 ms ticks: how long a query kept the event loop from anything else.
        let last = performance.now();
        let stall = 0;
        const tick = setInterval(() => {
          const now = performance.now();
          stall = Math.max(stall, now - last);
          last = now;
        }, 1);
        const times: number[] = [];
        for (let i = 0; i < ITERATIONS; i++) {
          const s = performance.now();
          await run();
          times.push(performance.now() - s);
          // Let the ticker run between calls, so each stall is measured per call, not across all of them.
          await new Promise((r) => setTimeout(r, 5));
        }
        clearInterval(tick);
        // A loop that never ticked was blocked the whole time (SQLite's queries finish in microtasks).
        stall = Math.max(stall, performance.now() - last);
        console.log(JSON.stringify({ provider, query: name, iterations: ITERATIONS, p50_ms: Math.round(pct(times, 0.5)), p95_ms: Math.round(pct(times, 0.95)), max_event_loop_stall_ms: Math.round(stall) }));
      }
    } finally {
      // BENCH_KEEP=1 keeps the database (its URL is printed) for EXPLAIN; drop it by hand afterwards.
      if (process.env.BENCH_KEEP === "1") {
        console.log(JSON.stringify({ provider, kept: url }));
        await handle.close();
      } else await drop();
    }
  }
}

await main();
