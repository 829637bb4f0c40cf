import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import type { AnalyticsQuery, ModelFigures, ProcessAnalytics, ProcessFigures } from "./analytics.schema";
import { modelTotals, nodeTotals } from "./rollup-query";
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
  return { scope: scopeDto(scope), figures, series, versions: versions.map((v) => ({ version: v.version, publishedAt: v.createdAt })), models };
}



export async function processFigures(db: Db, d: Dialect, scope: ResolvedScope): Promise<ProcessFigures> {
  const where = runScope(scope);
  const [totals] = await rows(db, Prisma.sql`
    SELECT COUNT(*) AS runs,
      SUM(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN r.status = 'failed' THEN 1 ELSE 0 END) AS failed,
      SUM(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
      SUM(CASE WHEN EXISTS (SELECT 1 FROM escalation e WHERE e.run_id = r.id) THEN 1 ELSE 0 END) AS escalated,
      CAST(SUM(r.cost_usd) AS DOUBLE PRECISION) AS cost,
      CAST(SUM(CASE WHEN r.status = 'completed' THEN r.cost_usd ELSE 0 END) AS DOUBLE PRECISION) AS completed_cost,
      CAST(SUM(r.input_tokens) AS DOUBLE PRECISION) AS input_tokens,
      CAST(SUM(r.cached_tokens) AS DOUBLE PRECISION) AS cached_tokens,
      CAST(SUM(r.output_tokens) AS DOUBLE PRECISION) AS output_tokens
    FROM run r WHERE ${where}`);
  const duration = msBetween(d, "r.ended_at", "COALESCE(r.started_at, r.created_at)");
  const [pct] = await rows(db, 
    percentileQuery(d, Prisma.sql`SELECT 1 AS g, ${duration} AS v FROM run r WHERE ${where} AND r.ended_at IS NOT NULL`),
  );
  const unpriced = (await nodeTotals(db, d, scope)).reduce((a, n) => a + num(n.unpriced), 0);
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
    unpricedCalls: unpriced,
  };
}

async function timeSeries(db: Db, d: Dialect, scope: ResolvedScope): Promise<ProcessAnalytics["series"]> {
  const bucket = bucketOf(d, "r.created_at", scope.bucket);
  const result = await rows(db, Prisma.sql`
    SELECT ${bucket} AS bucket,
      SUM(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN r.status = 'failed' THEN 1 ELSE 0 END) AS failed,
      SUM(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
      SUM(CASE WHEN r.status IN ('queued', 'running', 'waiting') THEN 1 ELSE 0 END) AS waiting,
      CAST(SUM(r.cost_usd) AS DOUBLE PRECISION) AS cost,
      CAST(SUM(r.input_tokens + r.output_tokens) AS DOUBLE PRECISION) AS tokens
    FROM run r WHERE ${runScope(scope)}
    GROUP BY 1 ORDER BY 1`);
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
