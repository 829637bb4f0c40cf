import "server-only";
import { getInngestClient } from "@/server/runtime/app-runtime";
import { getDatasetRun, listDatasetRuns } from "@/server/datasets/dataset-runs.presenter";
import {
  createDatasetInput,
  datasetList,
  datasetRunIdInput,
  datasetRunSummary,
  datasetRunView,
  datasetSlugInput,
  datasetSummary,
  launchDatasetRunInput,
  launchResult,
} from "@/server/datasets/datasets.schema";
import { cancelDatasetRun, createDataset, launchDatasetRun, listDatasets } from "@/server/datasets/datasets.service";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure, roleProcedure } from "../init";

const operator = roleProcedure(["admin", "operator"]);
const events = () => ({ events: getInngestClient() });

/** Dataset runs under the calculator: datasets of a process, launches, results. */
export const datasetsRouter = createTRPCRouter({
  list: protectedProcedure.input(datasetSlugInput).output(datasetList).query(({ ctx, input }) => listDatasets(ctx.db, input)),
  create: operator.input(createDatasetInput).output(datasetSummary).mutation(({ ctx, input }) => createDataset(ctx.db, input)),
  runs: protectedProcedure.input(datasetSlugInput).output(z.array(datasetRunSummary)).query(({ ctx, input }) => listDatasetRuns(ctx.db, input)),
  run: protectedProcedure.input(datasetRunIdInput).output(datasetRunView).query(({ ctx, input }) => getDatasetRun(ctx.db, input)),
  launch: operator.input(launchDatasetRunInput).output(launchResult).mutation(({ ctx, input }) => launchDatasetRun(ctx.db, input, events())),
  cancel: operator.input(datasetRunIdInput).output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx, input }) => {
    await cancelDatasetRun(ctx.db, input, events());
    return { ok: true as const };
  }),
});
