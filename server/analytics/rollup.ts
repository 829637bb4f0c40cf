import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { dialectOf, type Dialect } from "./sql";

/**
 * Hourly analytics rollups, maintained as step records are written (docs/analytics.md "Rollups").
 *
 * Why in the same transaction rather than a background job: the rollups change by *new state − stored
 * state* (a record's old fields are read before it is rewritten; an execution's summary row holds what
 * was last added for it), inside the transaction that writes the record. A crash before the commit
 * leaves both untouched; a step callback that is re-executed and rewrites its record with the same
 * fields adds zero. Nothing is ever incremented blindly, so nothing can be counted twice, and there is
 * no job whose progress marker could drift from the data.
 *
 * Rollups are keyed by the hour the run was created, the scope of every analytics figure, so all of a
 * run's records land in one bucket and a range read is "closed hours from the rollups + the partial
 * hours at both ends from the raw records" (rollup-query.ts).
 */
type Tx = Db | Prisma.TransactionClient;

/** Log-scale histogram (latency in ms, and token sums): bucket 0 holds 0; bucket b ≥ 1 holds [2^((b−1)/8), 2^(b/8)) ms. */
export const BUCKETS_PER_DOUBLING = 8;
export const latencyBucket = (ms: number): number => (ms < 1 ? 0 : 1 + Math.floor(BUCKETS_PER_DOUBLING * Math.log2(ms)));
/** A bucket's representative value: its geometric midpoint (within 2^(1/16) − 1 ≈ 4.4% of any value in it). */
export const bucketValue = (b: number): number => (b <= 0 ? 0 : 2 ** ((b - 0.5) / BUCKETS_PER_DOUBLING));

/** The same bucket in SQL (exact numeric log on PostgreSQL; SQLite's log2 is C's, as is V8's Math.log2 on these inputs). */
export function latencyBucketSql(d: Dialect, column: string): Prisma.Sql {
  return d === "postgres"
    ? Prisma.raw(`(CASE WHEN ${column} < 1 THEN 0 ELSE 1 + CAST(floor(${BUCKETS_PER_DOUBLING} * log(2.0, ${column}::numeric)) AS INTEGER) END)`)
    : Prisma.raw(`(CASE WHEN ${column} < 1 THEN 0 ELSE 1 + CAST(floor(${BUCKETS_PER_DOUBLING} * log2(${column})) AS INTEGER) END)`);
}

export const hourOf = (d: Date): Date => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
export const dayOf = (d: Date): Date => new Date(Math.floor(d.getTime() / 86_400_000) * 86_400_000);

export interface RecordState {
  nodeId: string;
  kind: string;
  status: string;
  model: string | null;
  provider: string | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  detail: unknown;
}
export const RECORD_FIELDS = { nodeId: true, kind: true, status: true, model: true, provider: true, inputTokens: true, cachedInputTokens: true, outputTokens: true, costUsd: true, latencyMs: true, detail: true } as const;

interface RunKey {
  processId: string;
  versionId: string;
  hour: Date;
  /** UTC day of run creation: the reach-tokens histogram also has a per-day level. */
  day: Date;
}

const flag = (detail: unknown, key: string) => typeof detail === "object" && detail !== null && (detail as Record<string, unknown>)[key] === true;

function exec(tx: Tx, q: Prisma.Sql) {
  const d = dialectOf(tx as Db);
  return (tx as Db).$executeRawUnsafe(d === "postgres" ? q.text : q.sql, ...q.values);
}

/** The rollup key of a run, or null for the designer's test runs, which analytics never counts. */
async function runKey(tx: Tx, runId: string): Promise<RunKey | null> {
  const r = await tx.run.findUniqueOrThrow({ where: { id: runId }, select: { processId: true, versionId: true, createdAt: true, kind: true } });
  if (r.kind !== "run") return null;
  return { processId: r.processId, versionId: r.versionId, hour: hourOf(r.createdAt), day: dayOf(r.createdAt) };
}

interface NodeDelta {
  runs?: number;
  executions?: number;
  calls?: number;
  errored?: number;
  retried?: number;
  fellBack?: number;
  repaired?: number;
  costUsd?: number;
  inputTokens?: number;
  cachedTokens?: number;
  outputTokens?: number;
  unpriced?: number;
}

async function addNode(tx: Tx, k: RunKey, nodeId: string, kind: string, x: NodeDelta) {
  if (!Object.values(x).some((v) => v)) return;
  const v = (n: number | undefined) => n ?? 0;
  await exec(tx, Prisma.sql`
    INSERT INTO analytics_node_hour (process_id, version_id, node_id, hour, kind, runs, executions, calls, errored, retried, fell_back, repaired, cost_usd, input_tokens, cached_tokens, output_tokens, unpriced)
    VALUES (${k.processId}, ${k.versionId}, ${nodeId}, ${k.hour}, ${kind}, ${v(x.runs)}, ${v(x.executions)}, ${v(x.calls)}, ${v(x.errored)}, ${v(x.retried)}, ${v(x.fellBack)}, ${v(x.repaired)},
      ${v(x.costUsd)}, ${v(x.inputTokens)}, ${v(x.cachedTokens)}, ${v(x.outputTokens)}, ${v(x.unpriced)})
    ON CONFLICT (process_id, hour, version_id, node_id) DO UPDATE SET
      kind = CASE WHEN excluded.kind > analytics_node_hour.kind THEN excluded.kind ELSE analytics_node_hour.kind END,
      runs = analytics_node_hour.runs + excluded.runs, executions = analytics_node_hour.executions + excluded.executions,
      calls = analytics_node_hour.calls + excluded.calls, errored = analytics_node_hour.errored + excluded.errored,
      retried = analytics_node_hour.retried + excluded.retried, fell_back = analytics_node_hour.fell_back + excluded.fell_back,
      repaired = analytics_node_hour.repaired + excluded.repaired, cost_usd = analytics_node_hour.cost_usd + excluded.cost_usd,
      input_tokens = analytics_node_hour.input_tokens + excluded.input_tokens, cached_tokens = analytics_node_hour.cached_tokens + excluded.cached_tokens,
      output_tokens = analytics_node_hour.output_tokens + excluded.output_tokens, unpriced = analytics_node_hour.unpriced + excluded.unpriced`);
}

/** Adds (sign 1) or removes (sign −1) one record's share of the record-level rollups. */
async function addRecord(tx: Tx, k: RunKey, r: RecordState, sign: 1 | -1) {
  const unpriced = flag(r.detail, "unpriced") ? 1 : 0;
  await addNode(tx, k, r.nodeId, r.kind, {
    calls: sign,
    costUsd: sign * r.costUsd,
    inputTokens: sign * r.inputTokens,
    cachedTokens: sign * r.cachedInputTokens,
    outputTokens: sign * r.outputTokens,
    unpriced: r.kind === "llm" ? sign * unpriced : 0,
  });
  if (r.model !== null) {
    await exec(tx, Prisma.sql`
      INSERT INTO analytics_model_hour (process_id, version_id, node_id, model, hour, provider, calls, cost_usd, input_tokens, cached_tokens, output_tokens, unpriced)
      VALUES (${k.processId}, ${k.versionId}, ${r.nodeId}, ${r.model}, ${k.hour}, ${r.provider}, ${sign}, ${sign * r.costUsd}, ${sign * r.inputTokens}, ${sign * r.cachedInputTokens}, ${sign * r.outputTokens}, ${sign * unpriced})
      ON CONFLICT (process_id, hour, version_id, node_id, model) DO UPDATE SET
        provider = CASE WHEN excluded.provider > analytics_model_hour.provider OR analytics_model_hour.provider IS NULL THEN excluded.provider ELSE analytics_model_hour.provider END,
        calls = analytics_model_hour.calls + excluded.calls, cost_usd = analytics_model_hour.cost_usd + excluded.cost_usd,
        input_tokens = analytics_model_hour.input_tokens + excluded.input_tokens, cached_tokens = analytics_model_hour.cached_tokens + excluded.cached_tokens,
        output_tokens = analytics_model_hour.output_tokens + excluded.output_tokens, unpriced = analytics_model_hour.unpriced + excluded.unpriced`);
  }
  if (r.kind !== "human" && (r.status === "succeeded" || r.status === "failed")) {
    await exec(tx, Prisma.sql`
      INSERT INTO analytics_latency_hour (process_id, version_id, node_id, hour, bucket, calls)
      VALUES (${k.processId}, ${k.versionId}, ${r.nodeId}, ${k.hour}, ${latencyBucket(r.latencyMs)}, ${sign})
      ON CONFLICT (process_id, hour, version_id, node_id, bucket) DO UPDATE SET calls = analytics_latency_hour.calls + excluded.calls`);
  }
}

/** A record changed from `before` (null: it is new) to `after`: move its share of the rollups. */
export async function applyRecordChange(tx: Tx, runId: string, stepId: string, before: RecordState | null, after: RecordState): Promise<void> {
  const k = await runKey(tx, runId);
  if (!k) return;
  if (before) await addRecord(tx, k, before, -1);
  await addRecord(tx, k, after, 1);
  await syncExecution(tx, k, runId, stepId);
  await syncRunNode(tx, k, runId, after.nodeId);
}

const METRICS = [["input", "inputTokens"], ["cached", "cachedTokens"], ["output", "outputTokens"]] as const;

/** The reach-tokens histogram's levels: hourly, and per day for the whole days of long ranges (rollup-query.ts). */
const REACH_LEVELS = [
  { table: "analytics_reach_tokens_hour", column: "hour", at: (k: RunKey) => k.hour },
  { table: "analytics_reach_tokens_day", column: "day", at: (k: RunKey) => k.day },
] as const;

/** Recomputes a run's token sums at a node and moves both levels of the reach-tokens histogram by the difference. */
async function syncRunNode(tx: Tx, k: RunKey, runId: string, nodeId: string) {
  const sums = await tx.stepRecord.aggregate({ where: { runId, nodeId }, _sum: { inputTokens: true, cachedInputTokens: true, outputTokens: true } });
  const now = { inputTokens: sums._sum.inputTokens ?? 0, cachedTokens: sums._sum.cachedInputTokens ?? 0, outputTokens: sums._sum.outputTokens ?? 0 };
  const stored = await tx.analyticsRunNode.findUnique({ where: { runId_nodeId: { runId, nodeId } } });
  for (const [metric, field] of METRICS) {
    const from = stored ? latencyBucket(stored[field]) : null, to = latencyBucket(now[field]);
    if (from === to) continue;
    for (const [bucket, runs] of [[from, -1], [to, 1]] as const) {
      if (bucket === null) continue;
      for (const level of REACH_LEVELS) {
        const [table, column] = [Prisma.raw(level.table), Prisma.raw(level.column)];
        await exec(tx, Prisma.sql`
          INSERT INTO ${table} (process_id, version_id, node_id, ${column}, metric, bucket, runs)
          VALUES (${k.processId}, ${k.versionId}, ${nodeId}, ${level.at(k)}, ${metric}, ${bucket}, ${runs})
          ON CONFLICT (process_id, ${column}, version_id, node_id, metric, bucket) DO UPDATE SET runs = ${table}.runs + excluded.runs`);
      }
    }
  }
  const row = { ...now, processId: k.processId, versionId: k.versionId, hour: k.hour };
  await tx.analyticsRunNode.upsert({ where: { runId_nodeId: { runId, nodeId } }, create: { runId, nodeId, ...row }, update: row });
}

type ExecFlags = { executions: number; errored: number; retried: number; fellBack: number; repaired: number };
const flagsOf = (e: { ok: number; bad: number; calls: number; nonRepair: number; models: number; modelKeys: number; repairs: number } | null): ExecFlags =>
  e
    ? { executions: 1, errored: e.ok === 0 && e.bad > 0 ? 1 : 0, retried: e.nonRepair > e.modelKeys ? 1 : 0, fellBack: e.models > 1 ? 1 : 0, repaired: e.repairs > 0 ? 1 : 0 }
    : { executions: 0, errored: 0, retried: 0, fellBack: 0, repaired: 0 };

/** Recomputes one execution's summary from its records and moves the node rollup by the difference. */
async function syncExecution(tx: Tx, k: RunKey, runId: string, stepId: string) {
  const recs = await tx.stepRecord.findMany({ where: { runId, stepId }, select: { nodeId: true, kind: true, status: true, model: true, detail: true } });
  if (!recs.length) return;
  const repairs = recs.filter((r) => flag(r.detail, "repair")).length;
  const now = {
    nodeId: recs[0]!.nodeId,
    kind: recs.map((r) => r.kind).sort().at(-1)!,
    calls: recs.length,
    nonRepair: recs.length - repairs,
    repairs,
    models: new Set(recs.flatMap((r) => (r.model === null ? [] : [r.model]))).size,
    modelKeys: new Set(recs.map((r) => r.model ?? "")).size,
    ok: recs.filter((r) => r.status === "succeeded").length,
    bad: recs.filter((r) => r.status === "failed").length,
  };
  const stored = await tx.analyticsExecution.findUnique({ where: { runId_stepId: { runId, stepId } } });
  const a = flagsOf(stored), b = flagsOf(now);
  // A run reaches a node once, however many executions (loop iterations) it has there.
  const firstOfNode = !stored && (await tx.analyticsExecution.count({ where: { runId, nodeId: now.nodeId } })) === 0;
  await addNode(tx, k, now.nodeId, now.kind, {
    runs: firstOfNode ? 1 : 0,
    executions: b.executions - a.executions,
    errored: b.errored - a.errored,
    retried: b.retried - a.retried,
    fellBack: b.fellBack - a.fellBack,
    repaired: b.repaired - a.repaired,
  });
  const row = { ...now, processId: k.processId, versionId: k.versionId, hour: k.hour };
  await tx.analyticsExecution.upsert({ where: { runId_stepId: { runId, stepId } }, create: { runId, stepId, ...row }, update: row });
}

/** Runs `fn` in a transaction, or in the caller's when it already holds one. */
export async function inTransaction<T>(db: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (typeof (db as Db).$transaction === "function") return (db as Db).$transaction((tx) => fn(tx));
  return fn(db);
}
