import { z } from "zod";
import { DataSchema, NodeObservation } from "@/core";

/** Dataset runs: client-safe schemas shared by tRPC, REST and the UI forms. */
export const DATASET_RUN_LIMITS = { repetitions: 20, concurrency: 10, spendCapUsd: 1000, pastRuns: 1000 } as const;

export const createDatasetBody = z.discriminatedUnion("source", [
  z.strictObject({
    source: z.enum(["jsonl", "csv"]),
    name: z.string().trim().min(1).max(120),
    text: z.string().min(1).describe("The file's text: one JSON input per line (jsonl), or a header row of input field names and one row per input (csv)"),
  }),
  z.strictObject({
    source: z.literal("runs"),
    name: z.string().trim().min(1).max(120),
    version: z.number().int().positive().optional().describe("Only runs of this published version (default: any)"),
    last: z.number().int().min(1).max(DATASET_RUN_LIMITS.pastRuns).describe("The inputs of the last N runs of the process"),
  }),
]);
export const createDatasetInput = z.intersection(z.strictObject({ slug: z.string().min(1) }), createDatasetBody);
export type CreateDatasetInput = z.infer<typeof createDatasetInput>;

export const rowError = z.object({ line: z.number().int(), message: z.string() });
export const datasetSummary = z.object({
  id: z.string().describe("ds_… public id"),
  name: z.string(),
  source: z.enum(["jsonl", "csv", "runs"]),
  size: z.number().int(),
  createdAt: z.date(),
});
export const datasetDetail = datasetSummary.extend({ inputs: z.array(z.unknown()) });

export const launchDatasetRunBody = z.strictObject({
  target: z.union([z.number().int().positive(), z.literal("draft")]).describe("A published version number, or \"draft\" for the current draft"),
  repetitions: z.number().int().min(1).max(DATASET_RUN_LIMITS.repetitions).default(1).describe("Runs per input"),
  provider: z.enum(["simulator", "configured"]).default("simulator").describe("simulator: every model call answered offline, priced as the named model; configured: the providers in settings (real spend)"),
  spendCapUsd: z.number().positive().max(DATASET_RUN_LIMITS.spendCapUsd).describe("No run is launched once the runs' cost reaches this; runs still going are cancelled"),
  concurrency: z.number().int().min(1).max(DATASET_RUN_LIMITS.concurrency).default(3).describe("Runs in flight at once"),
});
export const launchDatasetRunInput = launchDatasetRunBody.extend({ datasetId: z.string().min(1) });
export type LaunchDatasetRunInput = z.input<typeof launchDatasetRunInput>;

export const datasetRunStatus = z.enum(["running", "completed", "capped", "cancelled"]);
export const datasetRunSummary = z.object({
  id: z.string().describe("dsr_… public id"),
  datasetId: z.string(),
  datasetName: z.string(),
  target: z.string().describe('"v<n>" or "draft"'),
  provider: z.enum(["simulator", "configured"]),
  repetitions: z.number().int(),
  concurrency: z.number().int(),
  spendCapUsd: z.number(),
  total: z.number().int().describe("inputs × repetitions"),
  launched: z.number().int(),
  status: datasetRunStatus,
  stopReason: z.string().nullable(),
  spentUsd: z.number(),
  createdAt: z.date(),
  endedAt: z.date().nullable(),
});
export type DatasetRunSummary = z.infer<typeof datasetRunSummary>;

const fieldSpread = z.union([
  z.object({ field: z.string(), kind: z.literal("distribution"), count: z.number().int(), counts: z.record(z.string(), z.number().int()) }),
  z.object({ field: z.string(), kind: z.literal("numbers"), count: z.number().int(), min: z.number(), median: z.number(), max: z.number() }),
  z.object({ field: z.string(), kind: z.literal("text"), count: z.number().int(), distinct: z.number().int() }),
]);
export const datasetResultsView = z.object({
  finished: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  cost: z.object({ total: z.number(), p10: z.number().nullable(), p50: z.number().nullable(), p90: z.number().nullable() }),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      name: z.string(),
      kind: z.string(),
      reached: z.number().int(),
      reach: z.number(),
      failed: z.number().int(),
      calls: z.number().int(),
      costP50: z.number().nullable(),
      fields: z.array(fieldSpread),
      branches: z.record(z.string(), z.number().int()).optional(),
      decisions: z.record(z.string(), z.number().int()).optional(),
    }),
  ),
  failures: z.array(z.object({ nodeId: z.string().nullable(), message: z.string(), runs: z.number().int() })),
  observed: z.record(z.string(), NodeObservation),
});
export const datasetRunView = datasetRunSummary.extend({ process: z.string(), results: datasetResultsView });
export type DatasetRunView = z.infer<typeof datasetRunView>;

export const datasetRunIdInput = z.strictObject({ id: z.string().min(1) });

export const datasetSlugInput = z.strictObject({ slug: z.string().min(1) });
export const datasetList = z.object({
  inputSchema: DataSchema.describe("The trigger input schema uploads are checked against"),
  datasets: z.array(datasetSummary),
});
export const launchResult = z.object({ id: z.string().describe("dsr_… public id") });
