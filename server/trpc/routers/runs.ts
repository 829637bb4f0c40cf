import "server-only";
import { protectedProcedure, roleProcedure, createTRPCRouter } from "../init";
import { rerunInput, runIdInput, runListInput, runListPage, runView, startRunInput, startRunResult } from "@/server/runs/runs.schema";
import { cancelRun, getRun, rerunFromNode, startRun } from "@/server/runs/runs.service";
import { listRunsPage } from "@/server/runs/runs-list";
import { bulkRunAction, countBulkTargets } from "@/server/runs/runs-bulk";
import { bulkCountInput, bulkCountResult, bulkRunsInput, bulkRunsResult } from "@/server/runs/runs-bulk.schema";
import { getInngestClient } from "@/server/runtime/app-runtime";
import { runGraphView } from "@/server/runs/run-graph.schema";
import { getRunGraph } from "@/server/runs/run-graph.presenter";
import { env } from "@/server/env";

const operator = roleProcedure(["admin", "operator"]);
const events = () => ({ events: getInngestClient(), maxRunInputBytes: env.BATON_MAX_RUN_INPUT_BYTES });

export const runsRouter = createTRPCRouter({
  list: protectedProcedure.input(runListInput).output(runListPage).query(({ ctx, input }) => listRunsPage(ctx.db, input)),
  get: protectedProcedure.input(runIdInput).output(runView).query(({ ctx, input }) => getRun(ctx.db, input)),
  graph: protectedProcedure.input(runIdInput).output(runGraphView).query(({ ctx, input }) => getRunGraph(ctx.db, input)),
  create: operator
    .input(startRunInput)
    .output(startRunResult)
    .mutation(({ ctx, input }) => startRun(ctx.db, { ...input, trigger: "ui" }, events())),
  cancel: operator.input(runIdInput).output(runView).mutation(({ ctx, input }) => cancelRun(ctx.db, input, events())),
  /** How many runs "every matching run" would touch (bounded count), for the confirmation. */
  bulkCount: operator.input(bulkCountInput).output(bulkCountResult).query(({ ctx, input }) => countBulkTargets(ctx.db, input)),
  bulk: operator.input(bulkRunsInput).output(bulkRunsResult).mutation(({ ctx, input }) => bulkRunAction(ctx.db, input, events())),
  rerun: operator.input(rerunInput).output(startRunResult).mutation(({ ctx, input }) => rerunFromNode(ctx.db, input, events())),
});
