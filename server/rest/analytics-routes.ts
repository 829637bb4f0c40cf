import { z } from "zod";
import { analyticsParams, analyticsQuery, nodeAnalytics, processAnalytics } from "@/server/analytics/analytics.schema";
import { modelTableCsv, nodeTableCsv } from "@/server/analytics/csv";
import { getNodeAnalytics } from "@/server/analytics/node-analytics.presenter";
import { getProcessAnalytics } from "@/server/analytics/process-analytics.presenter";
import type { RestRoute } from "./rest-routes";

const READ = ["admin", "operator", "reviewer"] as const;
const csvFormat = z.object({ format: z.enum(["json", "csv"]).optional().describe("csv: the table as text/csv instead of JSON") });
const params = analyticsParams.extend(csvFormat.shape);

function parse(slug: string, query: URLSearchParams) {
  const get = (k: string) => query.get(k) ?? undefined;
  const scope = analyticsQuery.parse({ slug, range: get("range"), from: get("from"), to: get("to"), version: get("version") });
  return { scope, csv: csvFormat.parse({ format: get("format") }).format === "csv" };
}

const csvResponse = (body: string, filename: string) =>
  new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` } });
const stamp = (s: { process: string; version: number | null }) => `${s.process}${s.version ? `-v${s.version}` : ""}`;

/** GET /analytics/…: the analytics page's figures for scripts and BI tools (same ranges as the UI). */
export const analyticsRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/analytics/processes/{slug}",
    operationId: "getProcessAnalytics",
    summary:
      "A process's figures for ?range=24h|7d|30d|custom (&from=&to= ISO dates) and optional ?version=: runs by status over time, success and escalation rates, p50/p95 duration, cost, tokens, spend by model, publish markers. ?format=csv returns spend by model as CSV",
    roles: READ,
    query: params,
    response: processAnalytics,
    csv: true,
    handle: async ({ deps, params: p, query }) => {
      const { scope, csv } = parse(p.slug!, query);
      const result = await getProcessAnalytics(deps.db, scope);
      return csv ? csvResponse(modelTableCsv(result.models), `${stamp(result.scope)}-models.csv`) : result;
    },
  },
  {
    method: "GET",
    path: "/analytics/processes/{slug}/nodes",
    operationId: "getNodeAnalytics",
    summary:
      "Per-node figures keyed by node id across versions (calls, latency p50/p95, error/retry/fallback/repair/escalation rates, cost per call and share, tokens, model mix; human steps: decisions by type, time to decision, SLA breaches). ?format=csv returns the table as CSV",
    roles: READ,
    query: params,
    response: nodeAnalytics,
    csv: true,
    handle: async ({ deps, params: p, query }) => {
      const { scope, csv } = parse(p.slug!, query);
      const result = await getNodeAnalytics(deps.db, scope);
      return csv ? csvResponse(nodeTableCsv(result.nodes), `${stamp(result.scope)}-nodes.csv`) : result;
    },
  },
];
