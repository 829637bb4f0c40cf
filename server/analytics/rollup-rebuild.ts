import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { latencyBucketSql } from "./rollup";
import { dialectOf, jsonFlag, rows, type Dialect } from "./sql";

/**
 * Rebuilds every rollup from the raw records in one transaction: for data written before the rollups
 * existed or inserted behind the runtime's back (the benchmark generates its rows in SQL), and the
 * reference the incremental maintenance is tested against (rollup.int.test.ts).
 */
const hour = (d: Dialect, column: string) =>
  Prisma.raw(d === "postgres" ? `date_trunc('hour', ${column})` : `(substr(${column}, 1, 13) || ':00:00.000+00:00')`);
const day = (d: Dialect, column: string) =>
  Prisma.raw(d === "postgres" ? `date_trunc('day', ${column})` : `(substr(${column}, 1, 10) || 'T00:00:00.000+00:00')`);

/** The reach-tokens histogram's day level, summed from its hour level (the rebuild, and an upgrade that adds the level). */
const reachTokensDays = (d: Dialect) => Prisma.sql`INSERT INTO analytics_reach_tokens_day (process_id, version_id, node_id, day, metric, bucket, runs)
  SELECT process_id, version_id, node_id, ${day(d, "hour")}, metric, bucket, SUM(runs) FROM analytics_reach_tokens_hour
  GROUP BY process_id, version_id, node_id, ${day(d, "hour")}, metric, bucket`;

export async function rebuildRollups(db: Db): Promise<void> {
  const d = dialectOf(db);
  const h = hour(d, "r.created_at");
  const unpriced = jsonFlag(d, "s.detail", "unpriced");
  const statements: Prisma.Sql[] = [
    Prisma.sql`DELETE FROM analytics_execution`,
    Prisma.sql`DELETE FROM analytics_node_hour`,
    Prisma.sql`DELETE FROM analytics_model_hour`,
    Prisma.sql`DELETE FROM analytics_latency_hour`,
    Prisma.sql`DELETE FROM analytics_run_node`,
    Prisma.sql`DELETE FROM analytics_reach_tokens_hour`,
    Prisma.sql`DELETE FROM analytics_reach_tokens_day`,
    Prisma.sql`INSERT INTO analytics_run_node (run_id, node_id, process_id, version_id, hour, input_tokens, cached_tokens, output_tokens)
      SELECT s.run_id, s.node_id, MAX(r.process_id), MAX(r.version_id), MAX(${h}), SUM(s.input_tokens), SUM(s.cached_input_tokens), SUM(s.output_tokens)
      FROM step_record s JOIN run r ON r.id = s.run_id WHERE r.kind = 'run' GROUP BY s.run_id, s.node_id`,
    ...(["input", "cached", "output"] as const).map(
      (m) => Prisma.sql`INSERT INTO analytics_reach_tokens_hour (process_id, version_id, node_id, hour, metric, bucket, runs)
        SELECT process_id, version_id, node_id, hour, ${m}, bucket, COUNT(*) FROM (
          SELECT process_id, version_id, node_id, hour, ${latencyBucketSql(d, `${m}_tokens`)} AS bucket FROM analytics_run_node) x
        GROUP BY process_id, version_id, node_id, hour, bucket`,
    ),
    reachTokensDays(d),
    Prisma.sql`INSERT INTO analytics_execution (run_id, step_id, process_id, version_id, node_id, hour, kind, calls, non_repair, repairs, models, model_keys, ok, bad)
      SELECT s.run_id, s.step_id, MAX(r.process_id), MAX(r.version_id), MAX(s.node_id), MAX(${h}), MAX(s.kind), COUNT(*),
        COUNT(*) - SUM(${jsonFlag(d, "s.detail", "repair")}), SUM(${jsonFlag(d, "s.detail", "repair")}), COUNT(DISTINCT s.model), COUNT(DISTINCT COALESCE(s.model, '')),
        SUM(CASE WHEN s.status = 'succeeded' THEN 1 ELSE 0 END), SUM(CASE WHEN s.status = 'failed' THEN 1 ELSE 0 END)
      FROM step_record s JOIN run r ON r.id = s.run_id WHERE r.kind = 'run' GROUP BY s.run_id, s.step_id`,
    Prisma.sql`INSERT INTO analytics_node_hour (process_id, version_id, node_id, hour, kind, runs, executions, calls, errored, retried, fell_back, repaired, cost_usd, input_tokens, cached_tokens, output_tokens, unpriced)
      SELECT e.process_id, e.version_id, e.node_id, e.hour, GREATEST_KIND, e.runs, e.executions, c.calls, e.errored, e.retried, e.fell_back, e.repaired, c.cost, c.input_tokens, c.cached_tokens, c.output_tokens, c.unpriced
      FROM (SELECT process_id, version_id, node_id, hour, MAX(kind) AS kind, COUNT(DISTINCT run_id) AS runs, COUNT(*) AS executions,
              SUM(CASE WHEN ok = 0 AND bad > 0 THEN 1 ELSE 0 END) AS errored, SUM(CASE WHEN non_repair > model_keys THEN 1 ELSE 0 END) AS retried,
              SUM(CASE WHEN models > 1 THEN 1 ELSE 0 END) AS fell_back, SUM(CASE WHEN repairs > 0 THEN 1 ELSE 0 END) AS repaired
            FROM analytics_execution GROUP BY process_id, version_id, node_id, hour) e
      JOIN (SELECT r.process_id AS process_id, r.version_id AS version_id, s.node_id AS node_id, ${h} AS hour, MAX(s.kind) AS kind, COUNT(*) AS calls,
              SUM(s.cost_usd) AS cost, SUM(s.input_tokens) AS input_tokens, SUM(s.cached_input_tokens) AS cached_tokens, SUM(s.output_tokens) AS output_tokens,
              SUM(CASE WHEN s.kind = 'llm' THEN ${unpriced} ELSE 0 END) AS unpriced
            FROM step_record s JOIN run r ON r.id = s.run_id WHERE r.kind = 'run' GROUP BY r.process_id, r.version_id, s.node_id, ${h}) c
        ON c.process_id = e.process_id AND c.version_id = e.version_id AND c.node_id = e.node_id AND c.hour = e.hour`,
    Prisma.sql`INSERT INTO analytics_model_hour (process_id, version_id, node_id, model, hour, provider, calls, cost_usd, input_tokens, cached_tokens, output_tokens, unpriced)
      SELECT r.process_id, r.version_id, s.node_id, s.model, ${h}, MAX(s.provider), COUNT(*), SUM(s.cost_usd), SUM(s.input_tokens), SUM(s.cached_input_tokens), SUM(s.output_tokens), SUM(${unpriced})
      FROM step_record s JOIN run r ON r.id = s.run_id WHERE r.kind = 'run' AND s.model IS NOT NULL GROUP BY r.process_id, r.version_id, s.node_id, s.model, ${h}`,
    Prisma.sql`INSERT INTO analytics_latency_hour (process_id, version_id, node_id, hour, bucket, calls)
      SELECT process_id, version_id, node_id, hour, bucket, COUNT(*) FROM (
        SELECT r.process_id AS process_id, r.version_id AS version_id, s.node_id AS node_id, ${h} AS hour, ${latencyBucketSql(d, "s.latency_ms")} AS bucket
        FROM step_record s JOIN run r ON r.id = s.run_id WHERE r.kind = 'run' AND s.kind <> 'human' AND s.status IN ('succeeded', 'failed')) x
      GROUP BY process_id, version_id, node_id, hour, bucket`,
  ];
  const text = (q: Prisma.Sql) => (d === "postgres" ? q.text : q.sql).replace("GREATEST_KIND", d === "postgres" ? "GREATEST(e.kind, c.kind)" : "MAX(e.kind, c.kind)");
  // A backfill over millions of records takes minutes, not the default 5 s of a transaction.
  await db.$transaction(
    async (tx) => {
      for (const q of statements) await tx.$executeRawUnsafe(text(q), ...q.values);
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
}

/**
 * An installation that recorded steps before the rollups existed (an upgrade) has step records and
 * empty rollups: build them once, at start-up, before any step runs. Returns whether it did.
 */
export async function backfillRollupsIfMissing(db: Db): Promise<boolean> {
  const [anyRecord, anyRollup] = await Promise.all([
    db.stepRecord.findFirst({ select: { id: true } }),
    rows(db, Prisma.sql`SELECT 1 AS one FROM analytics_execution LIMIT 1`),
  ]);
  if (!anyRecord) return false;
  if (anyRollup.length > 0) return backfillReachTokenDaysIfMissing(db);
  await rebuildRollups(db);
  return true;
}

/**
 * An installation with hourly rollups from before the day level of the reach-tokens histogram existed:
 * sum the day level from the hour level once (seconds, not a rebuild from the records).
 */
async function backfillReachTokenDaysIfMissing(db: Db): Promise<boolean> {
  const [anyHour, anyDay] = await Promise.all([
    rows(db, Prisma.sql`SELECT 1 AS one FROM analytics_reach_tokens_hour LIMIT 1`),
    rows(db, Prisma.sql`SELECT 1 AS one FROM analytics_reach_tokens_day LIMIT 1`),
  ]);
  if (!anyHour.length || anyDay.length) return false;
  const q = reachTokensDays(dialectOf(db));
  await db.$executeRawUnsafe(dialectOf(db) === "postgres" ? q.text : q.sql, ...q.values);
  return true;
}
