import "server-only";
import { calculatorContext, calculatorInput, getCalculatorContext } from "@/server/analytics/calculator.presenter";
import { createTRPCRouter, protectedProcedure } from "../init";

/** The calculator's inputs; the projection itself runs in the browser (core/cost), so what-ifs are instant. */
export const calculatorRouter = createTRPCRouter({
  get: protectedProcedure.input(calculatorInput).output(calculatorContext).query(({ ctx, input }) => getCalculatorContext(ctx.db, input)),
});
