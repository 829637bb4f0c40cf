import { z } from "zod";
import { Diagnostic } from "@/core/validation";

/** Client-safe schemas for processes: inputs of the services and the DTOs they return. */
export const processSlugInput = z.strictObject({ slug: z.string().min(1).max(64) });

export const processVersionInput = z.strictObject({ slug: z.string().min(1).max(64), version: z.number().int().positive() });

export const importProcessInput = z.strictObject({
  /** A process graph as JSON (core's ProcessGraph). Saved as the draft even when it has errors. */
  graph: z.record(z.string(), z.unknown()),
});

export const updateDraftInput = z.strictObject({
  id: z.string().min(1).describe("The process slug"),
  data: z.strictObject({
    graph: z.record(z.string(), z.unknown()),
    baseRevision: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("The draft revision this graph was edited from; the save is refused if the draft has moved on since"),
  }),
});

export const versionSummary = z.object({
  version: z.number().int(),
  planHash: z.string(),
  functionId: z.string(),
  createdAt: z.date(),
});
export type VersionSummary = z.infer<typeof versionSummary>;

export const versionDetail = versionSummary.extend({
  graph: z.unknown(),
  plan: z.unknown().describe("The compiled, immutable execution plan"),
  functionConfig: z.unknown().describe("The Inngest function config derived from the plan"),
});

export const processSummary = z.object({
  id: z.string().describe("proc_… public id"),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  latestVersion: z.number().int().nullable(),
  updatedAt: z.date(),
});
export type ProcessSummary = z.infer<typeof processSummary>;

export const processDetail = processSummary.extend({
  draft: z.unknown(),
  draftRevision: z.number().int().describe("Bumped by every draft save; send it back as baseRevision when saving"),
  diagnostics: z.array(Diagnostic).describe("Diagnostics of the draft under the current settings"),
  webhookPath: z
    .string()
    .nullable()
    .describe("POST here (no API key) to start a run: /api/hooks/<token>. Null unless the caller may start runs (operator, admin): the path is a credential"),
  schedule: z.object({ cron: z.string(), input: z.unknown() }).nullable().describe("Cron trigger (UTC), if any"),
  latest: versionDetail.nullable(),
  versions: z.array(versionSummary),
});
export type ProcessDetail = z.infer<typeof processDetail>;

export const importProcessResult = z.object({
  process: processSummary,
  created: z.boolean(),
  diagnostics: z.array(Diagnostic),
  draftRevision: z.number().int(),
});

export const publishResult = z.object({
  status: z.enum(["published", "unchanged"]),
  version: versionDetail,
  diagnostics: z.array(Diagnostic),
  resynced: z.boolean(),
});
export type PublishResult = z.infer<typeof publishResult>;

export const scheduleBody = z.strictObject({
  cron: z.string().min(1).nullable().describe('Five-field cron (UTC), e.g. "0 9 * * 1-5"; null removes the schedule'),
  input: z.unknown().optional().describe("The input scheduled runs start with"),
});
export const scheduleInput = scheduleBody.extend({ slug: z.string().min(1) });
export const scheduleResult = z.object({ slug: z.string(), cron: z.string().nullable(), resynced: z.boolean() });

/** The designer's test run of the draft (never published; kept out of analytics). */
export const testRunInput = z.strictObject({ slug: z.string().min(1).max(64), input: z.unknown() });
export const testRunResult = z.object({ runId: z.string(), planHash: z.string() });
export const testState = z.object({ input: z.unknown(), pins: z.record(z.string(), z.unknown()) });
export const testPinInput = z.strictObject({
  slug: z.string().min(1).max(64),
  nodeId: z.string().min(1).max(200),
  /** The output to return for this node in test runs; absent = unpin. */
  output: z.unknown().optional(),
});
