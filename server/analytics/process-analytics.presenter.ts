import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import type { AnalyticsQuery, ModelFigures, ProcessAnalytics, ProcessFigures } from "./analytics.schema";
import { modelTotals } from "./rollup-query";
import { cmp, rows, bucketOf, dialectOf, msBetween, num, numOrNull, percentileQuery, ratio, resolveScope, runScope, scopeDto, type Dialect, type ResolvedScope, type Row } from "./sql";

/**
 * Per-process figures for the analytics page and GET /api/v1/analytics/processes/{slug}:
 * headline figures, a time series by status, publish markers and spend by model.
 * Each figure is one aggregate query; nothing sums rows in JavaScript.
 */
export async function getProcessAnalytics(db: Db, params: AnalyticsQuery, now?: Date): Promise<ProcessAnalytics> {
  const scope = await resolveScope(db, params, now);
  const d = dialectOf(db);
  const [figures, series, versions, models] = await Promise.all([
    processFigures(db, d, scope),
    timeSeries(db, d, scope),
    db.processVersion.findMany({ where: { processId: scope.processId, kind: "published" }, orderBy: { version: "asc" }, select: { version: true, createdAt: true } }),
    modelSpend(db, d, scope),
  ]);
  // Only model calls can be unpriced, so the per-model totals already hold the count (no second pass over the nodes).
  const unpricedCalls = models.reduce((a, m) => a + m.unpricedCalls, 0);
  return { scope: scopeDto(scope), figures: { ...figures, unpricedCalls }, series, versions: versions.map((v) => ({ version: v.version, publishedAt: v.createdAt })), models };
}



/** Headline figures of the runs in scope; `unpricedCalls` is filled in by the caller from the model totals. */
export async function processFigures(db: Db, d: Dialect, scope: ResolvedScope): Promise<Omit<ProcessFigures, "unpricedCalls">> {
  const where = runScope(scope);
  const [totals] = await rows(db, Prisma.sql`
    SELECT COUNT(*) AS runs,
      SUM(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN r.status = 'failed' THEN 1 ELSE 0 END) AS failed,
      SUM(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
      SUM(CASE WHEN r.id IN (SELECT e.run_id FROM escalation e WHERE e.created_at >= ${scope.from}) THEN 1 ELSE 0 END) AS escalated,
      CAST(SUM(r.cost_usd) AS DOUBLE PRECISION) AS cost,
      CAST(SUM(CASE WHEN r.status = 'completed' THEN r.cost_usd ELSE 0 END) AS DOUBLE PRECISION) AS completed_cost,
      CAST(SUM(r.input_tokens) AS DOUBLE PRECISION) AS input_tokens,
      CAST(SUM(r.cached_tokens) AS DOUBLE PRECISION) AS cached_tokens,
      CAST(SUM(r.output_tokens) AS DOUBLE PRECISION) AS output_tokens
    FROM run r WHERE ${where}`);
  // One set of escalated run ids, not a probe per run: a correlated EXISTS made PostgreSQL's cost
  // estimate cross the JIT threshold, and compiling took longer than the query (bench/README.md).
  // An escalation is created after its run, so those before the range cannot belong to a run in it.
  const duration = msBetween(d, "r.ended_at", "COALESCE(r.started_at, r.created_at)");
  const [pct] = await rows(db, 
    percentileQuery(d, Prisma.sql`SELECT 1 AS g, ${duration} AS v FROM run r WHERE ${where} AND r.ended_at IS NOT NULL`),
  );
  const t = totals ?? {};
  const runs = num(t.runs), completed = num(t.completed), failed = num(t.failed), cancelled = num(t.cancelled);
  const cost = num(t.cost);
  return {
    runs,
    completed,
    failed,
    cancelled,
    active: runs - completed - failed - cancelled,
    successRate: ratio(completed, completed + failed + cancelled),
    escalationRate: ratio(num(t.escalated), runs),
    durationMs: { p50: numOrNull(pct?.p50), p95: numOrNull(pct?.p95) },
    costUsd: cost,
    costPerRunUsd: ratio(cost, runs),
    costPerSuccessUsd: ratio(num(t.completed_cost), completed),
    inputTokens: num(t.input_tokens),
    cachedInputTokens: num(t.cached_tokens),
    outputTokens: num(t.output_tokens),
  };
}

async function timeSeries(db: Db, d: Dialect, scope: ResolvedScope): Promise<ProcessAnalytics["series"]> {
  // PostgreSQL groups on the truncated time and labels the groups, so the planner hashes ~30 groups instead of sorting every run by its label.
  const trunc = `date_trunc('${scope.bucket}', r.created_at)`;
  const bucket = bucketOf(d, d === "postgres" ? trunc : "r.created_at", scope.bucket);
  const group = d === "postgres" ? Prisma.raw(trunc) : bucket;
  const result = await rows(db, Prisma.sql`
    SELECT ${bucket} AS bucket,
      SUM(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN r.status = 'failed' THEN 1 ELSE 0 END) AS failed,
      SUM(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
      SUM(CASE WHEN r.status IN ('queued', 'running', 'waiting') THEN 1 ELSE 0 END) AS waiting,
      CAST(SUM(r.cost_usd) AS DOUBLE PRECISION) AS cost,
      CAST(SUM(r.input_tokens + r.output_tokens) AS DOUBLE PRECISION) AS tokens
    FROM run r WHERE ${runScope(scope)}
    GROUP BY ${group} ORDER BY 1`);
  return result.map((r) => ({
    bucket: String(r.bucket),
    completed: num(r.completed),
    failed: num(r.failed),
    cancelled: num(r.cancelled),
    waiting: num(r.waiting),
    costUsd: num(r.cost),
    tokens: num(r.tokens),
  }));
}

/** Spend, calls and tokens per model (and provider) in scope, most expensive first. */
export async function modelSpend(db: Db, d: Dialect, scope: ResolvedScope): Promise<ModelFigures[]> {
  const byModel = new Map<string, Row>();
  for (const r of await modelTotals(db, d, scope)) {
    const m = byModel.get(String(r.model));
    if (!m) byModel.set(String(r.model), { ...r });
    else for (const c of ["calls", "cost", "input_tokens", "cached_tokens", "output_tokens", "unpriced"]) m[c] = num(m[c]) + num(r[c]);
    if (m && r.provider !== null && (m.provider === null || String(r.provider) > String(m.provider))) m.provider = r.provider;
  }
  const result = [...byModel.values()].sort((a, b) => num(b.cost) - num(a.cost) || cmp(a.model, b.model));
  return result.map((r) => ({
    model: String(r.model),
    provider: r.provider === null || r.provider === undefined ? null : String(r.provider),
    calls: num(r.calls),
    costUsd: num(r.cost),
    inputTokens: num(r.input_tokens),
    cachedInputTokens: num(r.cached_tokens),
    outputTokens: num(r.output_tokens),
    unpricedCalls: num(r.unpriced),
  }));
}
