import { z } from "zod";

/**
 * Analytics inputs and DTOs (client-safe: the pages, the tRPC router and the REST API share them).
 * Every figure is scoped to runs *created* in the range, so a figure and the runs list it links to
 * (same process, version, range) always describe the same runs.
 */
export const analyticsRange = z.enum(["24h", "7d", "30d", "custom"]);
export type AnalyticsRange = z.infer<typeof analyticsRange>;

const rangeFields = {
  slug: z.string().min(1).describe("Process slug"),
  range: analyticsRange.default("7d").describe("24h, 7d, 30d, or custom (then from and to are required)"),
  from: z.coerce.date().optional().describe("Start (inclusive, ISO 8601) of a custom range"),
  to: z.coerce.date().optional().describe("End (exclusive, ISO 8601) of a custom range"),
  version: z.coerce.number().int().positive().optional().describe("Only runs of this version; all versions when absent"),
};

function checkCustom(v: { range: AnalyticsRange; from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (v.range !== "custom") return;
  if (!v.from) ctx.addIssue({ code: "custom", path: ["from"], message: "A custom range needs a start date (from)." });
  if (!v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "A custom range needs an end date (to)." });
  if (v.from && v.to && v.from >= v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "The end of the range must be after its start." });
}

const { slug: _slug, ...windowFields } = rangeFields;
/** The query-string part (REST: ?range=&from=&to=&version=). */
export const analyticsParams = z.object(windowFields);
export const analyticsQuery = z.object(rangeFields).superRefine(checkCustom);
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;
export const overviewQuery = z.object({ range: rangeFields.range, from: rangeFields.from, to: rangeFields.to }).superRefine(checkCustom);
export type OverviewQuery = z.infer<typeof overviewQuery>;

const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

export const resolvedScope = z.object({
  process: z.string(),
  processName: z.string(),
  from: z.date(),
  to: z.date(),
  version: z.number().int().nullable(),
  bucket: z.enum(["hour", "day"]).describe("Width of one time-series point"),
});

export const processFigures = z.object({
  runs: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  active: z.number().int().describe("queued, running or waiting"),
  successRate: z.number().nullable().describe("completed / (completed + failed + cancelled)"),
  escalationRate: z.number().nullable().describe("Share of runs with at least one escalation"),
  durationMs: percentiles.describe("Of ended runs: end − (start ?? creation)"),
  costUsd: z.number(),
  costPerRunUsd: z.number().nullable(),
  costPerSuccessUsd: z.number().nullable().describe("Cost of completed runs (retries and escalations included) / completed runs"),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  unpricedCalls: z.number().int().describe("Model calls whose model had no price (their cost is unknown, not $0)"),
});
export type ProcessFigures = z.infer<typeof processFigures>;

export const timePoint = z.object({
  bucket: z.string().describe("UTC hour (YYYY-MM-DDTHH:00:00Z) or day (YYYY-MM-DD)"),
  completed: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  waiting: z.number().int().describe("Still queued, running or waiting"),
  costUsd: z.number(),
  tokens: z.number(),
});

export const versionMarker = z.object({ version: z.number().int(), publishedAt: z.date() });

export const modelFigures = z.object({
  model: z.string(),
  provider: z.string().nullable(),
  calls: z.number().int(),
  costUsd: z.number(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  unpricedCalls: z.number().int(),
});
export type ModelFigures = z.infer<typeof modelFigures>;

export const processAnalytics = z.object({
  scope: resolvedScope,
  figures: processFigures,
  series: z.array(timePoint),
  versions: z.array(versionMarker).describe("Every published version (publish markers and the version picker)"),
  models: z.array(modelFigures),
});
export type ProcessAnalytics = z.infer<typeof processAnalytics>;

export const decisionCounts = z.object({
  approve: z.number().int().describe("Approved as is"),
  edit: z.number().int(),
  reject: z.number().int(),
  custom: z.number().int(),
  timedOut: z.number().int(),
  open: z.number().int(),
});

export const nodeFigures = z.object({
  nodeId: z.string(),
  kind: z.string(),
  name: z.string().nullable().describe("From the newest version that has the node"),
  calls: z.number().int().describe("Step records (every attempt: retries, fallbacks, repairs)"),
  executions: z.number().int().describe("Distinct executions of the step (a loop iteration counts once)"),
  runs: z.number().int().describe("Runs that reached the node"),
  reach: z.number().nullable().describe("runs / runs in scope"),
  latencyMs: percentiles.describe("Per call"),
  errorRate: z.number().nullable().describe("Executions with no successful attempt / executions"),
  retryRate: z.number().nullable().describe("Executions that called the same model (or tool) again / executions"),
  fallbackRate: z.number().nullable().describe("Executions that moved to another model / executions"),
  repairRate: z.number().nullable().describe("Executions that needed a repair call / executions"),
  escalationRate: z.number().nullable().describe("Escalations raised by this node / executions"),
  costUsd: z.number(),
  costPerCallUsd: z.number().nullable(),
  costShare: z.number().nullable().describe("Share of the process's cost in scope"),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  unpricedCalls: z.number().int(),
  models: z.array(z.object({ model: z.string(), calls: z.number().int(), costUsd: z.number() })),
  human: z
    .object({
      escalations: z.number().int(),
      decisions: decisionCounts,
      timeToDecisionMs: percentiles,
      slaBreaches: z.number().int().describe("Timed out, or decided after the due time"),
    })
    .nullable(),
});
export type NodeFigures = z.infer<typeof nodeFigures>;

export const nodeAnalytics = z.object({ scope: resolvedScope, totalCostUsd: z.number(), runs: z.number().int(), nodes: z.array(nodeFigures) });
export type NodeAnalytics = z.infer<typeof nodeAnalytics>;

export const processOverview = z.object({
  slug: z.string(),
  name: z.string(),
  latestVersion: z.number().int().nullable(),
  runs: z.number().int(),
  successRate: z.number().nullable(),
  costUsd: z.number(),
  costPerRunUsd: z.number().nullable(),
  p95DurationMs: z.number().nullable(),
});
export type ProcessOverview = z.infer<typeof processOverview>;
export const analyticsOverview = z.object({ from: z.date(), to: z.date(), processes: z.array(processOverview) });
export type AnalyticsOverview = z.infer<typeof analyticsOverview>;
