/**
 * Runs benchmark: 100,000 runs (each with a ~300-byte JSON input) and 1,000,000 step records, plus
 * open and resolved escalations, generated in SQL (recursive CTE on SQLite, generate_series on
 * PostgreSQL) in a fresh SQLite file and a fresh PostgreSQL schema. Then times the runs list (first
 * page, filtered pages, a page ~90,000 runs back by cursor, a process's recent runs), a run detail
 * and the open escalations list: p50 / p95 over 30 calls after a warm-up, and on SQLite the longest
 * event-loop stall (SQLite queries run synchronously on the thread the embedded engine shares).
 * Prints one JSON line per query and database. See bench/README.md.
 *
 *   npm run bench:runs [-- sqlite|postgres] [--compare] [--only=<query name prefix>] [--explain]
 *   BENCH_RUNS=…  BENCH_ITERATIONS=…
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DbHandle } from "@/server/db/client";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { decodeCursor, encodeCursor, listRunsPage, runFilterWhere, summarySelect, toSummary } from "@/server/runs/runs-list";
import type { RunListFilter } from "@/server/runs/runs.schema";
import { ExecutionPlan } from "@/core";
import { getRun } from "@/server/runs/runs.service";
import { listInbox } from "@/server/escalations/inbox.presenter";
import { inboxCursor, inboxPageSql } from "@/server/escalations/inbox-sql";
import { migrate } from "@/scripts/db.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
const STEPS_PER_RUN = 10;
const PROCESSES = 10;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const PG_URL = process.env.BATON_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
/** `--only=escalations`: time only the queries whose name starts with it (the seed is the same). */
const onlyQuery = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const NOW = new Date();
const NODES = ["classify", "draft", "send", "review", "classify", "draft", "send", "draft", "classify", "done"];
const INPUT = JSON.stringify({ ticket: { id: "T-1", subject: "Cannot log in", body: "x".repeat(220), customerEmail: "a@b.co", plan: "pro" } });

async function open(provider: "sqlite" | "postgres"): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-runs-"));
    const url = `file:${join(dir, "baton.db")}`;
    await migrate(url, { log: () => {} });
    const handle = await openDatabase(url);
    return { handle, drop: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  const u = new URL(PG_URL);
  u.searchParams.set("schema", schema);
  await migrate(u.toString(), { log: () => {} });
  const handle = await openDatabase(u.toString());
  return {
    handle,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/**
 * Run i: process p(i % 10), status by i % 13 (about 8% waiting, each with an open escalation),
 * trigger by (i / 3) % 6, one every 26 s going back 30 days (so pages cross equal-second groups).
 */
async function seed(h: DbHandle): Promise<void> {
  const db = h.db;
  const procs: Array<{ id: string; version: string }> = [];
  for (let p = 0; p < PROCESSES; p++) {
    const proc = await db.process.create({ data: { publicId: `proc_b${p}`, slug: `bench-${p}`, name: `Bench ${p}`, draft: {}, webhookToken: `wh_b${p}` } });
    const v = await db.processVersion.create({ data: { processId: proc.id, version: 1, graph: {}, plan: {}, planHash: `h${p}`, functionConfig: {} } });
    procs.push({ id: proc.id, version: v.id });
  }
  const pcase = (col: "id" | "version") => `CASE i % ${PROCESSES} ${procs.map((p, k) => `WHEN ${k} THEN '${p[col]}'`).join(" ")} END`;
  const status = `CASE i % 13 WHEN 0 THEN 'failed' WHEN 1 THEN 'cancelled' WHEN 2 THEN 'waiting' WHEN 3 THEN 'running' WHEN 4 THEN 'queued' ELSE 'completed' END`;
  const trigger = `CASE (i / 3) % 6 WHEN 0 THEN 'api' WHEN 1 THEN 'webhook' WHEN 2 THEN 'cron' WHEN 3 THEN 'ui' WHEN 4 THEN 'subprocess' ELSE 'rerun' END`;
  const nodeCase = NODES.map((n, j) => `WHEN ${j} THEN '${n}'`).join(" ");
  const runCols = "id, public_id, process_id, version_id, status, input, trigger, idempotency_key, cost_usd, input_tokens, cached_tokens, output_tokens, created_at, started_at, ended_at";
  const stepCols = "id, run_id, node_id, step_id, kind, attempt, status, model, provider, input_tokens, cached_input_tokens, output_tokens, cost_usd, latency_ms, output, started_at";
  const escCols = "id, public_id, run_id, node_id, step_id, status, reason, context, allowed_decisions, role, decision, due_at, resolved_at, created_at";
  const decisions = JSON.stringify([{ id: "approve", type: "approve" }, { id: "reject", type: "reject" }]);
  const sqlite = h.provider === "sqlite";
  const ts = sqlite
    ? (secondsAgo: string) => `strftime('%Y-%m-%dT%H:%M:%f', ${NOW.getTime() / 864e5 + 2440587.5} - (${secondsAgo}) / 86400.0) || '+00:00'`
    : (secondsAgo: string) => `(TIMESTAMP '${NOW.toISOString().replace("T", " ").replace("Z", "")}' - ((${secondsAgo}) * INTERVAL '1 second'))`;
  const series = (name: string, last: number, step = 1) =>
    sqlite ? `WITH RECURSIVE ${name}(${name === "n" ? "i" : "j"}) AS (SELECT 0 UNION ALL SELECT ${name === "n" ? "i" : "j"} + ${step} FROM ${name} WHERE ${name === "n" ? "i" : "j"} < ${last - step + 1})` : "";
  const from = (name: string, last: number, step = 1) => (sqlite ? name : `generate_series(0, ${last}, ${step}) AS ${name === "n" ? "i" : "j"}`);
  const json = (s: string) => (sqlite ? `'${s}'` : `'${s}'::jsonb`);
  const age = "(i * 26) % 2592000";
  await db.$executeRawUnsafe(`INSERT INTO run (${runCols}) ${series("n", RUNS - 1)}
    SELECT 'r' || i, 'run_b' || i, ${pcase("id")}, ${pcase("version")}, ${status}, ${json(INPUT)}, ${trigger},
      CASE WHEN i % 4 = 0 THEN 'key-' || i ELSE NULL END,
      (i % 97) / 1000.0, 2000 + i % 500, i % 300, 600 + i % 200,
      ${ts(age)}, ${ts(`${age} - 1`)}, CASE WHEN i % 13 IN (0, 1) OR i % 13 > 4 THEN ${ts(`${age} - 2 - i % 90`)} ELSE NULL END
    FROM ${from("n", RUNS - 1)}`);
  const stepSeries = sqlite ? `${series("n", RUNS - 1)}, ${series("m", STEPS_PER_RUN - 1).replace("WITH RECURSIVE ", "")}` : "";
  await db.$executeRawUnsafe(`INSERT INTO step_record (${stepCols}) ${stepSeries}
    SELECT 's' || i || '_' || j, 'r' || i, CASE j ${nodeCase} END, CASE j ${nodeCase} END || '#' || j, CASE WHEN j = 3 THEN 'human' ELSE 'llm' END, 1,
      CASE WHEN (i + j) % 23 = 0 THEN 'failed' ELSE 'succeeded' END, 'sim/mid-1', 'simulator',
      200 + (i * 7 + j) % 900, (i + j) % 100, 50 + (i * 3 + j) % 400, ((i + j) % 50) / 100000.0, 100 + (i * 13 + j * 7) % 3000,
      ${json('{"text":"a short answer of about sixty characters, as an LLM step returns"}')}, ${ts(`${age} - ${sqlite ? "j" : "j"}`)}
    FROM ${sqlite ? "n, m" : `${from("n", RUNS - 1)}, ${from("m", STEPS_PER_RUN - 1)}`}`);
  // Open escalations for the waiting runs, resolved ones for every 20th run.
  await db.$executeRawUnsafe(`INSERT INTO escalation (${escCols}) ${series("n", RUNS - 1)}
    SELECT 'e' || i, 'esc_b' || i, 'r' || i, 'review', 'review#3', CASE WHEN i % 13 = 2 THEN 'open' ELSE 'resolved' END, 'unsure', ${json("{}")}, ${json(decisions)}, 'reviewer',
      CASE WHEN i % 13 = 2 THEN NULL ELSE 'approve' END, ${ts(`${age} - 3600`)}, CASE WHEN i % 13 = 2 THEN NULL ELSE ${ts(`${age} - 60`)} END, ${ts(age)}
    FROM ${from("n", RUNS - 1)} WHERE i % 13 = 2 OR i % 20 = 0`);
  await db.$executeRawUnsafe("ANALYZE");
}

const pct = (xs: number[], p: number) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]!;
};

/**
 * The list page as it was read before (Prisma findMany with relation selects, on the main thread),
 * kept here only so `--compare` can time both paths in the same run on the same data.
 */
async function prismaListPage(db: DbHandle["db"], params: RunListFilter) {
  const { cursor, limit = 50, ...filter } = params;
  const where = await runFilterWhere(db, filter);
  if (!where) return [];
  const c = cursor ? decodeCursor(cursor) : null;
  const after = c ? { createdAt: { lte: c.createdAt }, OR: [{ createdAt: { lt: c.createdAt } }, { id: { lt: c.id } }] } : null;
  const rows = await db.run.findMany({ where: after ? { AND: [where, after] } : where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit + 1, select: { id: true, ...summarySelect } });
  return rows.map(toSummary);
}

/** The run detail's reads as they were before (Prisma, on the main thread), for `--compare`. */
async function prismaRunDetail(db: DbHandle["db"], runId: string) {
  const run = await db.run.findUniqueOrThrow({ where: { publicId: runId }, include: { process: { select: { slug: true } }, version: { select: { version: true } } } });
  const [steps, escalations, version] = await Promise.all([
    db.stepRecord.findMany({ where: { runId: run.id }, orderBy: [{ startedAt: "asc" }, { stepId: "asc" }, { attempt: "asc" }] }),
    db.escalation.findMany({ where: { runId: run.id }, orderBy: { createdAt: "asc" } }),
    db.processVersion.findUnique({ where: { id: run.versionId }, select: { plan: true } }),
  ]);
  return { run, steps, escalations, plan: ExecutionPlan.safeParse(version?.plan) };
}

async function time(provider: string, name: string, run: () => Promise<unknown>) {
  await run(); // warm-up
  // perf_hooks' own measure of the same thing: how late the event loop ran its timers (1 ms resolution).
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
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
  eld.disable();
  stall = Math.max(stall, performance.now() - last);
  const out: Record<string, unknown> = { provider, query: name, iterations: ITERATIONS, p50_ms: Math.round(pct(times, 0.5) * 10) / 10, p95_ms: Math.round(pct(times, 0.95) * 10) / 10 };
  if (provider === "sqlite") {
    out.max_event_loop_stall_ms = Math.round(stall);
    out.event_loop_delay_p99_ms = Math.round(eld.percentile(99) / 1e5) / 10;
    out.event_loop_delay_max_ms = Math.round(eld.max / 1e5) / 10;
  }
  console.log(JSON.stringify(out));
}

/** `--explain`: the inbox page's plan (first page and a deep cursor) on this database. */
async function explainInbox(provider: "sqlite" | "postgres", db: DbHandle["db"], cursor: string) {
  const now = new Date();
  for (const after of [null, await inboxCursor(db, cursor)]) {
    const q = inboxPageSql(db, { status: "open", who: {}, now }, after, 51);
    const plan =
      provider === "sqlite"
        ? (await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${q.sql}`, ...q.values)).map((r) => r.detail)
        : (await db.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ANALYZE ${q.text}`, ...q.values)).map((r) => r["QUERY PLAN"]);
    console.log(JSON.stringify({ provider, explain: after ? "escalations-open-deep-cursor" : "escalations-open", plan }));
  }
}

async function main() {
  for (const provider of ["sqlite", "postgres"] as const) {
    if (only.length && !only.includes(provider)) continue;
    const { handle, drop } = await open(provider);
    try {
      const t0 = performance.now();
      await seed(handle);
      const db = handle.db;
      const [runs, steps] = [await db.run.count(), await db.stepRecord.count()];
      console.log(JSON.stringify({ provider, seeded: { runs, stepRecords: steps }, seed_s: Math.round(performance.now() - t0) / 1000 }));
      // A cursor ~90% of the way back, as the client would hold it after paging there.
      const deep = await db.run.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: Math.floor(RUNS * 0.9), take: 1, select: { id: true, createdAt: true } });
      const deepCursor = encodeCursor(deep[0]!);
      const from = new Date(NOW.getTime() - 7 * 864e5);
      // An open escalation ~90% of the way down the inbox order (all seeded ones have no deadline).
      const openCount = await db.escalation.count({ where: { status: "open" } });
      const escDeep = await db.escalation.findMany({ where: { status: "open" }, orderBy: [{ createdAt: "asc" }, { publicId: "asc" }], skip: Math.floor(openCount * 0.9), take: 1, select: { publicId: true } });
      const escCursor = escDeep[0]!.publicId;
      if (process.argv.includes("--explain")) await explainInbox(provider, db, escCursor);
      const queries: Array<[string, () => Promise<unknown>]> = [
        ["list-first-page", () => listRunsPage(db, { limit: 50 })],
        ["list-filtered-process-status", () => listRunsPage(db, { process: "bench-3", status: "completed", limit: 50 })],
        ["list-filtered-trigger-cost-7d", () => listRunsPage(db, { trigger: "cron", minCost: 0.05, from, limit: 50 })],
        ["list-filtered-waiting", () => listRunsPage(db, { status: "waiting", limit: 50 })],
        ["list-search-idempotency-key", () => listRunsPage(db, { search: `key-${RUNS / 2}` })],
        ["list-deep-cursor-90pct", () => listRunsPage(db, { cursor: deepCursor, limit: 50 })],
        ["list-deep-cursor-process", () => listRunsPage(db, { process: "bench-7", cursor: deepCursor, limit: 50 })],
        ["process-recent-runs", () => listRunsPage(db, { process: "bench-5", limit: 10 })],
        ["run-detail-10-steps", () => getRun(db, { runId: `run_b${RUNS / 2}` })],
        ["escalations-open", () => listInbox(db, { status: "open", scope: "all", actor: "admin" })],
        ["escalations-open-process", () => listInbox(db, { status: "open", process: "bench-4", scope: "all", actor: "admin" })],
        ["escalations-open-deep-cursor", () => listInbox(db, { status: "open", scope: "all", actor: "admin", cursor: escCursor })],
        ["escalations-open-reviewer-unheld", () => listInbox(db, { status: "open", assignee: "none", actor: "reviewer" })],
      ];
      // --compare: each list query also through the former Prisma path, right after it, on the same data.
      const compare = process.argv.includes("--compare");
      const lists: Record<string, RunListFilter> = {
        "list-first-page": { limit: 50 },
        "list-filtered-process-status": { process: "bench-3", status: "completed", limit: 50 },
        "list-deep-cursor-90pct": { cursor: deepCursor, limit: 50 },
        "process-recent-runs": { process: "bench-5", limit: 10 },
      };
      for (const [name, run] of queries) {
        if (onlyQuery && !name.startsWith(onlyQuery)) continue;
        await time(provider, name, run);
        const filter = lists[name];
        if (compare && filter) await time(provider, `${name} (before: prisma)`, () => prismaListPage(db, filter));
        if (compare && name === "run-detail-10-steps") await time(provider, `${name} (before: prisma)`, () => prismaRunDetail(db, `run_b${RUNS / 2}`));
      }
    } finally {
      // BENCH_KEEP=1 leaves the SQLite file for EXPLAIN QUERY PLAN (prints its path).
      if (process.env.BENCH_KEEP && provider === "sqlite") console.log(JSON.stringify({ kept: "the SQLite file under $TMPDIR/baton-bench-runs-*" }));
      else await drop();
    }
  }
}

await main();
