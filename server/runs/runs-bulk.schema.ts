import { z } from "zod";
import { runFilterInput, runListQuery } from "./runs.schema";

export { type RunFilter } from "./runs.schema";

/** At most this many runs per bulk request; the answer says whether more matched. */
export const BULK_MAX = 200;
/** A filter-wide count stops here: the confirmation says "more than 10,000" rather than counting the table. */
export const BULK_COUNT_CAP = 10_000;

export const bulkAction = z.enum(["cancel", "rerun"]);

export const bulkCountInput = z.strictObject({ action: bulkAction, filter: runFilterInput });
export const bulkCountResult = z.object({
  count: z.number().int().describe("Runs the action applies to (cancel: queued/running/waiting; rerun: finished)"),
  capped: z.boolean().describe("true: more than `count` match; counting stopped there"),
  max: z.number().int().describe("Runs one bulk request acts on at most"),
});

export const bulkRunsInput = z
  .strictObject({
    action: bulkAction,
    runIds: z.array(z.string().min(1)).min(1).max(BULK_MAX).optional().describe("The selected runs"),
    filter: runFilterInput.optional().describe("Every run matching this list filter (newest first, at most 200 per request)"),
  })
  .refine((v) => (v.runIds === undefined) !== (v.filter === undefined), { message: "Pass either runIds or filter, not both", path: ["runIds"] });

export const bulkRunsResult = z.object({
  action: bulkAction,
  done: z.array(z.object({ runId: z.string(), newRunId: z.string().nullable().describe("rerun: the new run") })),
  skipped: z.array(z.object({ runId: z.string(), reason: z.string() })),
  remaining: z.boolean().describe("true: more runs matched the filter than one request handles; repeat to continue"),
});

/**
 * The same request over REST (`POST /api/v1/runs/bulk`): a JSON body carries dates as ISO strings, so the
 * filter is the list's query schema (coerced), without paging.
 */
export const bulkRunsBody = z
  .strictObject({
    action: bulkAction,
    runIds: z.array(z.string().min(1)).min(1).max(BULK_MAX).optional().describe("The selected runs"),
    filter: runListQuery.omit({ cursor: true, limit: true }).strict().optional().describe("Every run matching these list filters (as GET /runs takes them), newest first, at most 200 per request"),
  })
  .refine((v) => (v.runIds === undefined) !== (v.filter === undefined), { message: "Pass either runIds or filter, not both", path: ["runIds"] });

export type BulkRunsInput = z.infer<typeof bulkRunsInput>;
export type BulkRunsResult = z.infer<typeof bulkRunsResult>;
export type BulkCountResult = z.infer<typeof bulkCountResult>;
