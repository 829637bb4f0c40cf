import { env } from "@/server/env";
import { protectedProcedure, roleProcedure, createTRPCRouter } from "../init";
import {
  importProcessInput,
  importProcessResult,
  processDetail,
  processSlugInput,
  processVersionInput,
  versionDetail,
  versionSummary,
  processSummary,
  publishResult,
  scheduleInput,
  scheduleResult,
  updateDraftInput,
  testPinInput,
  testRunInput,
  testRunResult,
  testState,
} from "@/server/processes/processes.schema";
import { getTestState, setTestPin, startTestRun } from "@/server/processes/test-runs.service";
import { getInngestClient } from "@/server/runtime/app-runtime";
import { getProcess, getProcessVersion, importProcess, listProcessVersions, listProcesses, publishProcess, setProcessSchedule, updateDraft } from "@/server/processes/processes.service";
import { z } from "zod";
import { ValidationContext } from "@/core/validation";
import { buildValidationContext } from "@/server/settings/settings.service";

const operator = roleProcedure(["admin", "operator"]);

export const processesRouter = createTRPCRouter({
  list: protectedProcedure.output(z.array(processSummary)).query(({ ctx }) => listProcesses(ctx.db)),
  /** What the designer validates against in the browser: tier mapping, known models, secret and process names (never values). */
  validationContext: protectedProcedure.output(ValidationContext).query(({ ctx }) => buildValidationContext(ctx.db)),
  get: protectedProcedure.input(processSlugInput).output(processDetail).query(({ ctx, input }) => getProcess(ctx.db, { slug: input.slug, role: ctx.user.role })),
  /** Published versions, newest first (the designer's sub-process version picker). */
  versions: protectedProcedure
    .input(processSlugInput)
    .output(z.array(versionSummary))
    .query(({ ctx, input }) => listProcessVersions(ctx.db, input)),
  version: protectedProcedure.input(processVersionInput).output(versionDetail).query(({ ctx, input }) => getProcessVersion(ctx.db, input)),
  /** The designer's "New process": refuses a slug that exists (CONFLICT) rather than replacing its draft. */
  create: operator
    .input(importProcessInput)
    .output(importProcessResult)
    .mutation(({ ctx, input }) => importProcess(ctx.db, { ...input, ifExists: "refuse" })),
  update: operator
    .input(updateDraftInput)
    .output(importProcessResult)
    .mutation(({ ctx, input }) => updateDraft(ctx.db, { slug: input.id, graph: input.data.graph, baseRevision: input.data.baseRevision })),
  publish: operator
    .input(processSlugInput)
    .output(publishResult)
    .mutation(({ ctx, input }) => publishProcess(ctx.db, { slug: input.slug, userId: ctx.user.id })),
  /** Test-run the current draft (not published; marked test; kept out of analytics). */
  testRun: operator
    .input(testRunInput)
    .output(testRunResult)
    .mutation(({ ctx, input }) => startTestRun(ctx.db, input, { events: getInngestClient(), maxRunInputBytes: env.BATON_MAX_RUN_INPUT_BYTES })),
  testState: protectedProcedure.input(processSlugInput).output(testState).query(({ ctx, input }) => getTestState(ctx.db, input)),
  pin: operator.input(testPinInput).output(z.object({ pins: z.record(z.string(), z.unknown()) })).mutation(({ ctx, input }) => setTestPin(ctx.db, input)),
  schedule: operator.input(scheduleInput).output(scheduleResult).mutation(({ ctx, input }) => setProcessSchedule(ctx.db, { ...input, maxInputBytes: env.BATON_MAX_RUN_INPUT_BYTES })),
});
