import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import type { AnalyticsQuery, NodeAnalytics, NodeFigures } from "./analytics.schema";
import { rows, decisionType, dialectOf, jsonFlag, msBetween, num, numOrNull, percentileQuery, ratio, resolveScope, runScope, scopeDto, type Dialect, type ResolvedScope, type Row } from "./sql";

/**
 * Per-node figures keyed by node id across versions (a node keeps its id when a new version is
 * published, so its history continues). One aggregate query per figure family:
 * calls/tokens/cost, per-execution outcomes, latency percentiles, model mix, human decisions.
 */
export async function getNodeAnalytics(db: Db, params: AnalyticsQuery, now?: Date): Promise<NodeAnalytics> {
  const scope = await resolveScope(db, params, now);
  const d = dialectOf(db);
  const where = runScope(scope);
  const [calls, latency, mix, human, decisionTimes, runTotals, names] = await Promise.all([
    nodeTotals(db, d, where),
    rows(db, percentileQuery(d, Prisma.sql`SELECT s.node_id AS g, s.latency_ms AS v FROM step_record s JOIN run r ON r.id = s.run_id WHERE ${where} AND s.kind <> 'human' AND s.status IN ('succeeded', 'failed')`)),
    rows(db, Prisma.sql`
      SELECT s.node_id AS node_id, s.model AS model, COUNT(*) AS calls, CAST(SUM(s.cost_usd) AS DOUBLE PRECISION) AS cost
      FROM step_record s JOIN run r ON r.id = s.run_id WHERE ${where} AND s.model IS NOT NULL
      GROUP BY s.node_id, s.model ORDER BY s.node_id, calls DESC, s.model`),
    humanDecisions(db, d, where),
    rows(db, 
      percentileQuery(d, Prisma.sql`SELECT e.node_id AS g, ${msBetween(d, "e.resolved_at", "e.created_at")} AS v FROM escalation e JOIN run r ON r.id = e.run_id WHERE ${where} AND e.resolved_at IS NOT NULL`),
    ),
    rows(db, Prisma.sql`SELECT COUNT(*) AS runs, CAST(SUM(r.cost_usd) AS DOUBLE PRECISION) AS cost FROM run r WHERE ${where}`),
    nodeNames(db, scope),
  ]);
  const runs = num(runTotals[0]?.runs);
  const totalCost = num(runTotals[0]?.cost);
  const byNode = <T extends Row>(rows: T[], key = "node_id") => new Map(rows.map((r) => [String(r[key]), r]));
  const lat = byNode(latency, "g");
  const hum = byNode(human);
  const dec = byNode(decisionTimes, "g");
  const models = new Map<string, NodeFigures["models"]>();
  for (const m of mix) {
    const list = models.get(String(m.node_id)) ?? [];
    list.push({ model: String(m.model), calls: num(m.calls), costUsd: num(m.cost) });
    models.set(String(m.node_id), list);
  }

  const ids = new Set([...calls.map((c) => String(c.node_id)), ...hum.keys()]);
  const callRows = byNode(calls);
  const nodes: NodeFigures[] = [...ids].sort().map((nodeId) => {
    const c = callRows.get(nodeId) ?? {};
    const e = c;
    const h = hum.get(nodeId);
    const n = num(c.calls);
    const x = num(e.executions);
    const cost = num(c.cost);
    const kind = String(c.kind ?? (h ? "human" : "unknown"));
    return {
      nodeId,
      kind,
      name: names.get(nodeId) ?? null,
      calls: n,
      executions: x,
      runs: num(c.runs),
      reach: ratio(num(c.runs), runs),
      latencyMs: { p50: numOrNull(lat.get(nodeId)?.p50), p95: numOrNull(lat.get(nodeId)?.p95) },
      errorRate: ratio(num(e.errored), x),
      retryRate: ratio(num(e.retried), x),
      fallbackRate: ratio(num(e.fell_back), x),
      repairRate: ratio(num(e.repaired), x),
      escalationRate: ratio(num(h?.escalations), x),
      costUsd: cost,
      costPerCallUsd: ratio(cost, n),
      costShare: ratio(cost, totalCost),
      inputTokens: num(c.input_tokens),
      cachedInputTokens: num(c.cached_tokens),
      outputTokens: num(c.output_tokens),
      unpricedCalls: num(c.unpriced),
      models: models.get(nodeId) ?? [],
      human:
        kind === "human" || h
          ? {
              escalations: num(h?.escalations),
              decisions: {
                approve: num(h?.approve),
                edit: num(h?.edit),
                reject: num(h?.reject),
                custom: num(h?.custom),
                timedOut: num(h?.timed_out),
                open: num(h?.open),
              },
              timeToDecisionMs: { p50: numOrNull(dec.get(nodeId)?.p50), p95: numOrNull(dec.get(nodeId)?.p95) },
              slaBreaches: num(h?.breaches),
            }
          : null,
    };
  });
  return { scope: scopeDto(scope), totalCostUsd: totalCost, runs, nodes };
}



/**
 * One pass over the records: first one row per execution (run, step id), then per node. A retry
 * calls the same model (or the tool) again, so an execution retried when its non-repair calls
 * outnumber its distinct models; it fell back when it used more than one model; it errored when no
 * attempt succeeded. Calls, tokens and cost are summed through the same grouping.
 */
function nodeTotals(db: Db, d: Dialect, where: Prisma.Sql) {
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

function humanDecisions(db: Db, d: Dialect, where: Prisma.Sql) {
  const type = decisionType(d, "e");
  return rows(db, Prisma.sql`
    SELECT node_id, COUNT(*) AS escalations,
      SUM(CASE WHEN status = 'resolved' AND t = 'approve' THEN 1 ELSE 0 END) AS approve,
      SUM(CASE WHEN status = 'resolved' AND t = 'edit' THEN 1 ELSE 0 END) AS edit,
      SUM(CASE WHEN status = 'resolved' AND t = 'reject' THEN 1 ELSE 0 END) AS reject,
      SUM(CASE WHEN status = 'resolved' AND t = 'custom' THEN 1 ELSE 0 END) AS custom,
      SUM(CASE WHEN status = 'timed_out' THEN 1 ELSE 0 END) AS timed_out,
      SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open,
      SUM(CASE WHEN status = 'timed_out' OR (due_at IS NOT NULL AND resolved_at IS NOT NULL AND resolved_at > due_at) THEN 1 ELSE 0 END) AS breaches
    FROM (SELECT e.node_id, e.status, e.due_at, e.resolved_at, ${type} AS t FROM escalation e JOIN run r ON r.id = e.run_id WHERE ${where}) x
    GROUP BY node_id`);
}

/** Display names from the newest version holding each node (graphs are small; one per version). */
async function nodeNames(db: Db, scope: ResolvedScope): Promise<Map<string, string>> {
  const versions = await db.processVersion.findMany({ where: { processId: scope.processId, kind: "published" }, orderBy: { version: "asc" }, select: { graph: true } });
  const names = new Map<string, string>();
  for (const v of versions) {
    const nodes = (v.graph as { nodes?: Array<{ id?: unknown; name?: unknown }> } | null)?.nodes ?? [];
    for (const n of nodes) if (typeof n.id === "string" && typeof n.name === "string") names.set(n.id, n.name);
  }
  return names;
}
