import "server-only";
import { z } from "zod";
import { analyticsOverview, analyticsQuery, nodeAnalytics, overviewQuery, processAnalytics } from "@/server/analytics/analytics.schema";
import { budgetsInput, getProcessBudgets, processBudgets } from "@/server/analytics/budgets.presenter";
import { nodeTableCsv } from "@/server/analytics/csv";
import { getNodeAnalytics } from "@/server/analytics/node-analytics.presenter";
import { getAnalyticsOverview } from "@/server/analytics/overview.presenter";
import { getProcessAnalytics } from "@/server/analytics/process-analytics.presenter";
import { createTRPCRouter, protectedProcedure } from "../init";

export const analyticsRouter = createTRPCRouter({
  overview: protectedProcedure.input(overviewQuery).output(analyticsOverview).query(({ ctx, input }) => getAnalyticsOverview(ctx.db, input)),
  process: protectedProcedure.input(analyticsQuery).output(processAnalytics).query(({ ctx, input }) => getProcessAnalytics(ctx.db, input)),
  nodes: protectedProcedure.input(analyticsQuery).output(nodeAnalytics).query(({ ctx, input }) => getNodeAnalytics(ctx.db, input)),
  /** Run and step budgets of the latest version against today's spend (UTC). */
  budgets: protectedProcedure.input(budgetsInput).output(processBudgets).query(({ ctx, input }) => getProcessBudgets(ctx.db, input)),
  /** The node table as CSV text; the page turns it into a download. */
  nodesCsv: protectedProcedure
    .input(analyticsQuery)
    .output(z.object({ filename: z.string(), csv: z.string() }))
    .query(async ({ ctx, input }) => {
      const result = await getNodeAnalytics(ctx.db, input);
      return { filename: `${result.scope.process}${result.scope.version ? `-v${result.scope.version}` : ""}-nodes.csv`, csv: nodeTableCsv(result.nodes) };
    }),
});
