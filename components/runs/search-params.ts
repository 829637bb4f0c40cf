import { createLoader, parseAsInteger, parseAsIsoDateTime, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { RUN_STATUSES, type RunStatus } from "./status";

/**
 * `/runs?status=…&process=…&version=…&node=…&from=…&to=…`: shared by the page (server prefetch) and
 * the filter (client). Analytics links here with the exact scope of a figure.
 */
export const runsSearchParams = {
  status: parseAsStringLiteral(RUN_STATUSES),
  process: parseAsString,
  version: parseAsInteger,
  node: parseAsString,
  from: parseAsIsoDateTime,
  to: parseAsIsoDateTime,
};

export const loadRunsSearchParams = createLoader(runsSearchParams);

export const RUNS_LIMIT = 100;

export interface RunsFilter {
  status: RunStatus | null;
  process: string | null;
  version: number | null;
  node: string | null;
  from: Date | null;
  to: Date | null;
}

/** The exact runs.list input for a filter, so the server prefetch and the client query share one key. */
export function runsListInput(f: RunsFilter) {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.process ? { process: f.process } : {}),
    ...(f.process && f.version ? { version: f.version } : {}),
    ...(f.node ? { node: f.node } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    limit: RUNS_LIMIT,
  };
}

/** A runs-list URL for a scope (analytics drill-down). */
export function runsHref(f: Partial<Record<keyof RunsFilter, string | number | Date | null | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== null && v !== undefined && v !== "") q.set(k, v instanceof Date ? v.toISOString() : String(v));
  return `/runs?${q.toString()}`;
}
