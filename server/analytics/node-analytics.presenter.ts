import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import type { AnalyticsQuery, NodeAnalytics, NodeFigures } from "./analytics.schema";
import { latencyPercentiles, modelTotals, nodeTotals } from "./rollup-query";
import { cmp, rows, decisionType, dialectOf, msBetween, num, numOrNull, percentileQuery, ratio, resolveScope, runScope, scopeDto, type Dialect, type ResolvedScope, type Row } from "./sql";

/**
 * Per-node figures keyed by node id across versions (a node keeps its id when a new version is
 * published, so its history continues). Calls, tokens, cost, execution outcomes, latency and model
 * mix come from the hourly rollups plus the raw partial hours (rollup-query.ts); human decisions and
 * run totals from the escalation and run tables.
 */
export async function getNodeAnalytics(db: Db, params: AnalyticsQuery, now?: Date): Promise<NodeAnalytics> {
  const scope = await resolveScope(db, params, now);
  const d = dialectOf(db);
  const where = runScope(scope);
  const [calls, latency, mix, human, decisionTimes, runTotals, names] = await Promise.all([
    nodeTotals(db, d, scope),
    latencyPercentiles(db, d, scope),
    modelTotals(db, d, scope),
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
  const lat = latency;
  const hum = byNode(human);
  const dec = byNode(decisionTimes, "g");
  const models = new Map<string, NodeFigures["models"]>();
  const sorted = [...mix].sort((a, b) => cmp(a.node_id, b.node_id) || num(b.calls) - num(a.calls) || cmp(a.model, b.model));
  for (const m of sorted) {
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
      latencyMs: { p50: lat.get(nodeId)?.[0] ?? null, p95: lat.get(nodeId)?.[1] ?? null },
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



/** Escalations per human node of the runs matching `where` (alias r), by decision type, with SLA breaches. */
export function humanDecisions(db: Db, d: Dialect, where: Prisma.Sql) {
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
