import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { bucketValue, dayOf, hourOf, latencyBucketSql } from "./rollup";
import { jsonFlag, num, rows, runScope, type Dialect, type Row } from "./sql";

/**
 * Reads over the hourly rollups: the whole hours inside the range come from the rollup tables, the
 * partial hours at either end from the raw records (at most two hours of runs), and the two partial
 * aggregates are added per key. Percentiles come from the merged latency histogram.
 */
export interface Window {
  processId: string;
  from: Date;
  to: Date;
  versionId?: string | null;
}
interface Span {
  a: Date;
  b: Date;
}

function closedHours(w: Window): Span | null {
  const a = hourOf(new Date(w.from.getTime() + 3_600_000 - 1));
  const b = hourOf(w.to);
  return a < b ? { a, b } : null;
}

/** Rollup rows of the whole hours in range (WHERE fragment, no alias). */
function rollupWhere(w: Window, s: Span): Prisma.Sql {
  return Prisma.sql`process_id = ${w.processId} AND hour >= ${s.a} AND hour < ${s.b}${w.versionId ? Prisma.sql` AND version_id = ${w.versionId}` : Prisma.empty}`;
}

/** The runs in the partial hours at either end (the whole range when it holds no whole hour), on alias r. */
export function edgeScope(w: Window): { span: Span | null; where: Prisma.Sql } {
  const span = closedHours(w);
  return { span, where: span ? Prisma.sql`${runScope(w)} AND (r.created_at < ${span.a} OR r.created_at >= ${span.b})` : runScope(w) };
}

const TEXT = new Set(["node_id", "model", "provider", "kind"]);

/** Adds rows with the same key: counts and sums are added, text columns keep the greatest value. */
function merge(key: (r: Row) => string, lists: Row[][]): Row[] {
  const out = new Map<string, Row>();
  for (const list of lists)
    for (const r of list) {
      const k = key(r);
      const prev = out.get(k);
      if (!prev) {
        out.set(k, Object.fromEntries(Object.entries(r).map(([c, v]) => [c, TEXT.has(c) ? (v === null || v === undefined ? null : String(v)) : num(v)])));
        continue;
      }
      for (const [c, v] of Object.entries(r)) {
        if (!TEXT.has(c)) prev[c] = num(prev[c]) + num(v);
        else if (v !== null && v !== undefined && (prev[c] === null || String(v) > String(prev[c]))) prev[c] = String(v);
      }
    }
  return [...out.values()];
}

const NODE_SUMS = `SUM(executions) AS executions, SUM(calls) AS calls, SUM(runs) AS runs,
  CAST(SUM(cost_usd) AS DOUBLE PRECISION) AS cost, CAST(SUM(input_tokens) AS DOUBLE PRECISION) AS input_tokens,
  CAST(SUM(cached_tokens) AS DOUBLE PRECISION) AS cached_tokens, CAST(SUM(output_tokens) AS DOUBLE PRECISION) AS output_tokens,
  SUM(unpriced) AS unpriced, SUM(errored) AS errored, SUM(retried) AS retried, SUM(fell_back) AS fell_back, SUM(repaired) AS repaired`;

/** Per node: executions, calls, runs reached, cost, tokens, unpriced calls and execution outcome counts. */
export async function nodeTotals(db: Db, d: Dialect, w: Window): Promise<Row[]> {
  const { span, where } = edgeScope(w);
  const [rolled, raw] = await Promise.all([
    span ? rows(db, Prisma.sql`SELECT node_id, MAX(kind) AS kind, ${Prisma.raw(NODE_SUMS)} FROM analytics_node_hour WHERE ${rollupWhere(w, span)} GROUP BY node_id`) : [],
    rawNodeTotals(db, d, where),
  ]);
  return merge((r) => String(r.node_id), [rolled, raw]);
}

/**
 * Raw per-node totals. One row per execution (run, step id) first, then per node: an execution
 * retried when its non-repair calls outnumber its distinct models; it fell back when it used more
 * than one model; it errored when no attempt succeeded.
 */
function rawNodeTotals(db: Db, d: Dialect, where: Prisma.Sql) {
  return rows(db, Prisma.sql`
    SELECT node_id, MAX(kind) AS kind, COUNT(*) AS executions, SUM(attempts) AS calls, COUNT(DISTINCT run_id) AS runs,
      CAST(SUM(cost) AS DOUBLE PRECISION) AS cost,
      CAST(SUM(input_tokens) AS DOUBLE PRECISION) AS input_tokens,
      CAST(SUM(cached_tokens) AS DOUBLE PRECISION) AS cached_tokens,
      CAST(SUM(output_tokens) AS DOUBLE PRECISION) AS output_tokens,
      SUM(unpriced) AS unpriced,
      SUM(CASE WHEN ok = 0 AND bad > 0 THEN 1 ELSE 0 END) AS errored,
      SUM(CASE WHEN attempts - repairs > model_keys THEN 1 ELSE 0 END) AS retried,
      SUM(CASE WHEN models > 1 THEN 1 ELSE 0 END) AS fell_back,
      SUM(CASE WHEN repairs > 0 THEN 1 ELSE 0 END) AS repaired
    FROM (
      SELECT s.node_id AS node_id, s.run_id AS run_id, MAX(s.kind) AS kind, COUNT(*) AS attempts,
        SUM(s.cost_usd) AS cost, SUM(s.input_tokens) AS input_tokens, SUM(s.cached_input_tokens) AS cached_tokens, SUM(s.output_tokens) AS output_tokens,
        SUM(CASE WHEN s.kind = 'llm' THEN ${jsonFlag(d, "s.detail", "unpriced")} ELSE 0 END) AS unpriced,
        SUM(${jsonFlag(d, "s.detail", "repair")}) AS repairs,
        COUNT(DISTINCT s.model) AS models,
        COUNT(DISTINCT COALESCE(s.model, '')) AS model_keys,
        SUM(CASE WHEN s.status = 'succeeded' THEN 1 ELSE 0 END) AS ok,
        SUM(CASE WHEN s.status = 'failed' THEN 1 ELSE 0 END) AS bad
      FROM step_record s JOIN run r ON r.id = s.run_id WHERE ${where}
      GROUP BY s.node_id, s.run_id, s.step_id
    ) x GROUP BY node_id`);
}

/** Calls, tokens, cost and unpriced calls per node and model (provider: the greatest seen). */
export async function modelTotals(db: Db, d: Dialect, w: Window): Promise<Row[]> {
  const { span, where } = edgeScope(w);
  const [rolled, raw] = await Promise.all([
    span
      ? rows(db, Prisma.sql`SELECT node_id, model, MAX(provider) AS provider, SUM(calls) AS calls, CAST(SUM(cost_usd) AS DOUBLE PRECISION) AS cost,
          CAST(SUM(input_tokens) AS DOUBLE PRECISION) AS input_tokens, CAST(SUM(cached_tokens) AS DOUBLE PRECISION) AS cached_tokens,
          CAST(SUM(output_tokens) AS DOUBLE PRECISION) AS output_tokens, SUM(unpriced) AS unpriced
        FROM analytics_model_hour WHERE ${rollupWhere(w, span)} GROUP BY node_id, model`)
      : [],
    rows(db, Prisma.sql`SELECT s.node_id AS node_id, s.model AS model, MAX(s.provider) AS provider, COUNT(*) AS calls, CAST(SUM(s.cost_usd) AS DOUBLE PRECISION) AS cost,
        CAST(SUM(s.input_tokens) AS DOUBLE PRECISION) AS input_tokens, CAST(SUM(s.cached_input_tokens) AS DOUBLE PRECISION) AS cached_tokens,
        CAST(SUM(s.output_tokens) AS DOUBLE PRECISION) AS output_tokens, SUM(${jsonFlag(d, "s.detail", "unpriced")}) AS unpriced
      FROM step_record s JOIN run r ON r.id = s.run_id WHERE ${where} AND s.model IS NOT NULL GROUP BY s.node_id, s.model`),
  ]);
  return merge((r) => `${String(r.node_id)}\u0000${String(r.model)}`, [rolled, raw]);
}

/**
 * Per-node p50 / p95 of call latency from the merged histogram: percentile_cont's interpolation
 * between the closest ranks, each rank valued at its bucket's geometric midpoint, so every figure is
 * within 2^(1/16) − 1 ≈ 4.4% of the exact one (docs/analytics.md).
 */
export async function latencyPercentiles(db: Db, d: Dialect, w: Window, ps = [0.5, 0.95]): Promise<Map<string, number[]>> {
  const { span, where } = edgeScope(w);
  const [rolled, raw] = await Promise.all([
    span ? rows(db, Prisma.sql`SELECT node_id AS g, bucket, SUM(calls) AS n FROM analytics_latency_hour WHERE ${rollupWhere(w, span)} GROUP BY node_id, bucket`) : [],
    rows(db, Prisma.sql`SELECT node_id AS g, bucket, COUNT(*) AS n FROM (SELECT s.node_id AS node_id, ${latencyBucketSql(d, "s.latency_ms")} AS bucket
        FROM step_record s JOIN run r ON r.id = s.run_id WHERE ${where} AND s.kind <> 'human' AND s.status IN ('succeeded', 'failed')) x GROUP BY node_id, bucket`),
  ]);
  return histPercentiles([...rolled, ...raw], ps);
}

/** Merges bucket counts per key (columns g, bucket, n) and reads percentiles off the merged histogram. */
function histPercentiles(list: Row[], ps: number[]): Map<string, number[]> {
  const hist = new Map<string, Map<number, number>>();
  for (const r of list) {
    const h = hist.get(String(r.g)) ?? new Map<number, number>();
    h.set(num(r.bucket), (h.get(num(r.bucket)) ?? 0) + num(r.n));
    hist.set(String(r.g), h);
  }
  const out = new Map<string, number[]>();
  for (const [key, h] of hist) {
    const buckets = [...h.entries()].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
    const n = buckets.reduce((a, [, c]) => a + c, 0);
    if (!n) continue;
    const at = (rank: number) => {
      let seen = 0;
      for (const [b, c] of buckets) if ((seen += c) > rank) return bucketValue(b);
      return bucketValue(buckets.at(-1)![0]);
    };
    out.set(key, ps.map((p) => {
      const pos = p * (n - 1), lo = Math.floor(pos);
      return at(lo) + (pos - lo) * (at(Math.min(lo + 1, n - 1)) - at(lo));
    }));
  }
  return out;
}

/** The whole UTC days inside a span of closed hours, or null when it holds none. */
function wholeDays(s: Span): Span | null {
  const a = dayOf(new Date(s.a.getTime() + 86_400_000 - 1));
  const b = dayOf(s.b);
  return a < b ? { a, b } : null;
}

/**
 * The reach-tokens histogram over a span of closed hours: its whole days from the day level, the
 * hours before and after them from the hour level (at most 2 × 23 hours). `hours-only` skips the
 * day level (the test that both levels give the same band).
 */
type ReachLevels = "days-and-hours" | "hours-only";
function reachTokenRollups(db: Db, w: Window, s: Span, levels: ReachLevels): Promise<Row[][]> {
  const hours = (x: Span) => rows(db, Prisma.sql`SELECT node_id, metric, bucket, SUM(runs) AS n FROM analytics_reach_tokens_hour WHERE ${rollupWhere(w, x)} GROUP BY node_id, metric, bucket`);
  const days = levels === "hours-only" ? null : wholeDays(s);
  if (!days) return Promise.all([hours(s)]);
  const dayWhere = Prisma.sql`process_id = ${w.processId} AND day >= ${days.a} AND day < ${days.b}${w.versionId ? Prisma.sql` AND version_id = ${w.versionId}` : Prisma.empty}`;
  return Promise.all([
    rows(db, Prisma.sql`SELECT node_id, metric, bucket, SUM(runs) AS n FROM analytics_reach_tokens_day WHERE ${dayWhere} GROUP BY node_id, metric, bucket`),
    ...(s.a < days.a ? [hours({ a: s.a, b: days.a })] : []),
    ...(days.b < s.b ? [hours({ a: days.b, b: s.b })] : []),
  ]);
}

/**
 * p10 / p90 of a reached run's token sums at each node (keys "<node>\u0000<input|cached|output>"),
 * from the reach-tokens histogram (whole days from its day level, the other closed hours from its
 * hour level) plus the raw partial hours; within ≈ 4.4% like latency.
 */
export async function reachTokenPercentiles(db: Db, d: Dialect, w: Window, ps = [0.1, 0.9], levels: ReachLevels = "days-and-hours"): Promise<Map<string, number[]>> {
  const { span, where } = edgeScope(w);
  const per = (m: string) => latencyBucketSql(d, m);
  const [rolledLists, raw] = await Promise.all([
    span ? reachTokenRollups(db, w, span, levels) : [],
    rows(db, Prisma.sql`SELECT node_id, ${per("input")} AS b_input, ${per("cached")} AS b_cached, ${per("output")} AS b_output, COUNT(*) AS n FROM (
        SELECT s.node_id AS node_id, SUM(s.input_tokens) AS input, SUM(s.cached_input_tokens) AS cached, SUM(s.output_tokens) AS output
        FROM step_record s JOIN run r ON r.id = s.run_id WHERE ${where} GROUP BY s.node_id, s.run_id) x
      GROUP BY node_id, ${per("input")}, ${per("cached")}, ${per("output")}`),
  ]);
  const list: Row[] = rolledLists.flat().map((r) => ({ g: `${String(r.node_id)}\u0000${String(r.metric)}`, bucket: r.bucket, n: r.n }));
  for (const r of raw) for (const m of ["input", "cached", "output"]) list.push({ g: `${String(r.node_id)}\u0000${m}`, bucket: r[`b_${m}`], n: r.n });
  return histPercentiles(list, ps);
}
