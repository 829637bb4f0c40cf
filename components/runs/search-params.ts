import { createLoader, parseAsFloat, parseAsInteger, parseAsIsoDateTime, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { RUN_STATUSES, RUN_TRIGGERS, type RunStatus } from "./status";

/**
 * `/runs?status=…&process=…&version=…&node=…&trigger=…&from=…&to=…&minCost=…&maxCost=…&search=…&kind=…&cursor=…`:
 * shared by the page (server prefetch) and the filters (client). Analytics links here with the
 * exact scope of a figure. `cursor` is the page (keyset, from the previous page's nextCursor).
 */
export const runsSearchParams = {
  status: parseAsStringLiteral(RUN_STATUSES),
  process: parseAsString,
  version: parseAsInteger,
  node: parseAsString,
  trigger: parseAsStringLiteral(RUN_TRIGGERS),
  from: parseAsIsoDateTime,
  to: parseAsIsoDateTime,
  minCost: parseAsFloat,
  maxCost: parseAsFloat,
  search: parseAsString,
  /** Absent: real runs only (the default); `test`: the designer's test runs; `all`: both. */
  kind: parseAsStringLiteral(["test", "all"] as const),
  cursor: parseAsString,
};

export const loadRunsSearchParams = createLoader(runsSearchParams);

export const RUNS_LIMIT = 50;

export interface RunsFilter {
  status: RunStatus | null;
  process: string | null;
  version: number | null;
  node: string | null;
  trigger: (typeof RUN_TRIGGERS)[number] | null;
  from: Date | null;
  to: Date | null;
  minCost: number | null;
  maxCost: number | null;
  search: string | null;
  kind: "test" | "all" | null;
  cursor: string | null;
}

/** The filter without paging: what "every matching run" means for a bulk action. */
export function runsFilterInput(f: RunsFilter) {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.process ? { process: f.process } : {}),
    ...(f.process && f.version ? { version: f.version } : {}),
    ...(f.node ? { node: f.node } : {}),
    ...(f.trigger ? { trigger: f.trigger } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.minCost !== null && f.minCost >= 0 ? { minCost: f.minCost } : {}),
    ...(f.maxCost !== null && f.maxCost >= 0 ? { maxCost: f.maxCost } : {}),
    ...(f.search?.trim() ? { search: f.search.trim() } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
  };
}

/** The exact runs.list input for a filter, so the server prefetch and the client query share one key. */
export function runsListInput(f: RunsFilter) {
  return { ...runsFilterInput(f), ...(f.cursor ? { cursor: f.cursor } : {}), limit: RUNS_LIMIT };
}

/** A runs-list URL for a scope (analytics drill-down). */
export function runsHref(f: Partial<Record<keyof RunsFilter, string | number | Date | null | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== null && v !== undefined && v !== "") q.set(k, v instanceof Date ? v.toISOString() : String(v));
  return `/runs?${q.toString()}`;
}
