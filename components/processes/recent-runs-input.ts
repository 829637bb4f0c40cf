export const RECENT_RUNS_LIMIT = 10;

/** The runs.list input of a process's recent runs, shared by the page's prefetch and the client query. */
export function recentRunsInput(slug: string) {
  return { process: slug, limit: RECENT_RUNS_LIMIT };
}
