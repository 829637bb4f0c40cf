import { z } from "zod";

export const runStatus = z.enum(["queued", "running", "waiting", "completed", "failed", "cancelled"]);
export const runTrigger = z.enum(["api", "webhook", "cron", "ui", "subprocess", "rerun"]);

export const startRunBody = z.strictObject({
  input: z.unknown().describe("Must match the trigger's input schema"),
  idempotencyKey: z.string().min(1).max(200).optional().describe("The same key returns the same run"),
});
export const startRunInput = startRunBody.extend({ slug: z.string().min(1) });

export const startRunResult = z.object({
  runId: z.string().describe("run_… public id"),
  status: runStatus,
  version: z.number().int(),
  created: z.boolean().describe("false when the idempotency key matched an earlier run"),
});

export const rerunBody = z.strictObject({
  fromNodeId: z.string().min(1).describe("Steps before this node reuse the earlier run's results"),
  input: z.unknown().optional().describe("Replaces the run input; defaults to the earlier run's input"),
});
export const rerunInput = rerunBody.extend({ runId: z.string().min(1) });
export const runIdInput = z.strictObject({ runId: z.string().min(1) });

export const runListInput = z.strictObject({
  process: z.string().optional().describe("Process slug (or proc_… id)"),
  status: runStatus.optional(),
  version: z.number().int().positive().optional().describe("Only runs of this version (with process)"),
  node: z.string().min(1).optional().describe("Only runs with a step record of this node id"),
  trigger: runTrigger.optional().describe("How the run was started"),
  from: z.date().optional().describe("Created at or after (ISO 8601)"),
  to: z.date().optional().describe("Created before (ISO 8601)"),
  minCost: z.number().min(0).optional().describe("Cost at least this many USD"),
  maxCost: z.number().min(0).optional().describe("Cost at most this many USD"),
  search: z.string().trim().min(1).max(200).optional().describe("A run id (run_…) or an idempotency key, matched exactly"),
  cursor: z.string().min(1).max(200).optional().describe("`nextCursor` of the previous page"),
  limit: z.number().int().min(1).max(200).optional().describe("At most this many runs (default 50)"),
  kind: z
    .enum(["run", "test", "dataset", "all"])
    .optional()
    .describe("run (default): real runs only; test: only the designer's test runs of drafts; dataset: only runs launched by dataset runs; all: every kind"),
});
/** The same filters from a query string (`?process=…&status=…&trigger=…&minCost=…&cursor=…&limit=…`). */
export const runListQuery = z.object({
  ...runListInput.shape,
  version: z.coerce.number().int().positive().optional().describe("Only runs of this version (with process)"),
  from: z.coerce.date().optional().describe("Created at or after (ISO 8601)"),
  to: z.coerce.date().optional().describe("Created before (ISO 8601)"),
  minCost: z.coerce.number().min(0).optional().describe("Cost at least this many USD"),
  maxCost: z.coerce.number().min(0).optional().describe("Cost at most this many USD"),
  limit: z.coerce.number().int().min(1).max(200).optional().describe("At most this many runs (default 50)"),
});
export type RunListFilter = z.infer<typeof runListInput>;
/** The filter part only (no paging): what a bulk action "on every matching run" applies to. */
export const runFilterInput = runListInput.omit({ cursor: true, limit: true });
export type RunFilter = z.infer<typeof runFilterInput>;

export const stepRecordView = z.object({
  nodeId: z.string(),
  stepId: z.string(),
  kind: z.string(),
  attempt: z.number().int(),
  status: z.string(),
  input: z.unknown(),
  output: z.unknown(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: z.number().int(),
  cachedInputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number().int(),
  error: z.unknown(),
  detail: z.unknown(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  reused: z
    .boolean()
    .describe("true: a rerun took this record's result from an earlier run instead of executing the step; not part of this run's totals"),
  reusedFromRunId: z.string().nullable().describe("The run (run_…) that executed a reused step; null for the run's own records"),
});

export const runTotals = z.object({
  costUsd: z.number(),
  inputTokens: z.number().int(),
  cachedInputTokens: z.number().int(),
  outputTokens: z.number().int(),
  tokens: z.number().int(),
  durationMs: z.number().int().nullable().describe("From start (or creation) to end; null until the run has ended"),
});

export const runSummary = z.object({
  id: z.string(),
  process: z.string(),
  version: z.number().int(),
  status: runStatus,
  trigger: z.string(),
  kind: z.enum(["run", "test"]).describe("test: a designer's test run of a draft (its version is a hidden test version, numbered below 0)"),
  totals: runTotals,
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
});

export const runView = runSummary.extend({
  totals: runTotals.extend({
    reusedCostUsd: z.number().describe("What the reused steps cost when they were executed (not billed again; not in costUsd)"),
  }),
  input: z.unknown(),
  inputSchema: z
    .unknown()
    .describe("The trigger input contract (JSON-Schema subset) of the version the run is pinned to: what a rerun's edited input must match; null if unreadable"),
  output: z.unknown(),
  error: z.unknown(),
  rerunOf: z.string().nullable(),
  rerunFromNodeId: z.string().nullable(),
  steps: z.array(stepRecordView),
  escalations: z.array(z.object({ id: z.string(), nodeId: z.string(), stepId: z.string(), status: z.string(), decision: z.string().nullable() })),
});
export type RunView = z.infer<typeof runView>;

export const runListPage = z.object({
  runs: z.array(runSummary),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null on the last page"),
});
export type RunListPage = z.infer<typeof runListPage>;
export type RunSummary = z.infer<typeof runSummary>;
export type StartRunResult = z.infer<typeof startRunResult>;
