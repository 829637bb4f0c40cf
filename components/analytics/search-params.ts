import { createLoader, parseAsInteger, parseAsIsoDateTime, parseAsStringLiteral } from "nuqs/server";

export const RANGES = ["24h", "7d", "30d", "custom"] as const;
/** The figure the graph's heat overlay shows (components/analytics/heat.ts). */
export const HEAT_METRICS = ["cost", "latency", "errors", "reach"] as const;
export type Range = (typeof RANGES)[number];

/** `/analytics[/slug]?range=…&from=…&to=…&version=…`: shared by the server prefetch and the controls. */
export const analyticsSearchParams = {
  range: parseAsStringLiteral(RANGES).withDefault("7d"),
  from: parseAsIsoDateTime,
  to: parseAsIsoDateTime,
  version: parseAsInteger,
  heat: parseAsStringLiteral(HEAT_METRICS).withDefault("cost"),
};
export const loadAnalyticsSearchParams = createLoader(analyticsSearchParams);

export interface AnalyticsFilter {
  range: Range;
  from: Date | null;
  to: Date | null;
  version?: number | null;
}

/** The exact query input for a filter (one cache key for prefetch and client); custom needs both ends. */
export function windowInput(f: AnalyticsFilter) {
  if (f.range === "custom" && f.from && f.to && f.from < f.to) return { range: "custom" as const, from: f.from, to: f.to };
  return { range: f.range === "custom" ? ("7d" as const) : f.range };
}

export function processInput(slug: string, f: AnalyticsFilter) {
  return { slug, ...windowInput(f), ...(f.version ? { version: f.version } : {}) };
}
