import "server-only";
import { z } from "zod";
import { protectedProcedure, createTRPCRouter } from "../init";
import { escalationListInput, escalationView, resolveEscalationInput } from "@/server/escalations/escalations.schema";
import { getEscalation, listEscalations, resolveEscalation } from "@/server/escalations/escalations.service";
import { inboxListInput, inboxPage } from "@/server/escalations/inbox.schema";
import { listInbox } from "@/server/escalations/inbox.presenter";
import { caseFile, getCaseFile } from "@/server/escalations/case-file.presenter";
import { getInngestClient } from "@/server/runtime/app-runtime";

export const escalationsRouter = createTRPCRouter({
  list: protectedProcedure.input(escalationListInput).output(z.array(escalationView)).query(({ ctx, input }) => listEscalations(ctx.db, input)),
  // The inbox view: due-time order, `mine` by the caller's role, cursor pages.
  inbox: protectedProcedure.input(inboxListInput).output(inboxPage).query(({ ctx, input }) => listInbox(ctx.db, { ...input, actor: ctx.user.role })),
  caseFile: protectedProcedure.input(z.strictObject({ id: z.string() })).output(caseFile).query(({ ctx, input }) => getCaseFile(ctx.db, input)),
  get: protectedProcedure.input(z.strictObject({ id: z.string() })).output(escalationView).query(({ ctx, input }) => getEscalation(ctx.db, input)),
  // Any signed-in role may try; the service checks the escalation's own role.
  resolve: protectedProcedure
    .input(resolveEscalationInput)
    .output(escalationView)
    .mutation(({ ctx, input }) =>
      resolveEscalation(ctx.db, { ...input, actor: { role: ctx.user.role, label: ctx.user.email, userId: ctx.user.id } }, { events: getInngestClient() }),
    ),
});
