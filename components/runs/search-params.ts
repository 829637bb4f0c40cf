import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { RUN_STATUSES } from "./status";

/** `/runs?status=…`: shared by the page (server prefetch) and the filter (client). */
export const runsSearchParams = {
  status: parseAsStringLiteral(RUN_STATUSES),
};

export const loadRunsSearchParams = createLoader(runsSearchParams);

export const RUNS_LIMIT = 100;

/** The exact runs.list input for a filter, so the server prefetch and the client query share one key. */
export function runsListInput(status: (typeof RUN_STATUSES)[number] | null) {
  return status ? { status, limit: RUNS_LIMIT } : { limit: RUNS_LIMIT };
}
