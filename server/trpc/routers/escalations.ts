import "server-only";
import { z } from "zod";
import { protectedProcedure, createTRPCRouter } from "../init";
import { escalationListInput, escalationView, resolveEscalationInput } from "@/server/escalations/escalations.schema";
import { getEscalation, listEscalations, resolveEscalation } from "@/server/escalations/escalations.service";
import { getInngestClient } from "@/server/runtime/app-runtime";

export const escalationsRouter = createTRPCRouter({
  list: protectedProcedure.input(escalationListInput).output(z.array(escalationView)).query(({ ctx, input }) => listEscalations(ctx.db, input)),
  get: protectedProcedure.input(z.strictObject({ id: z.string() })).output(escalationView).query(({ ctx, input }) => getEscalation(ctx.db, input)),
  // Any signed-in role may try; the service checks the escalation's own role.
  resolve: protectedProcedure
    .input(resolveEscalationInput)
    .output(escalationView)
    .mutation(({ ctx, input }) =>
      resolveEscalation(ctx.db, { ...input, actor: { role: ctx.user.role, label: ctx.user.email, userId: ctx.user.id } }, { events: getInngestClient() }),
    ),
});
