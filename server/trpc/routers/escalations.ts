import "server-only";
import { z } from "zod";
import { protectedProcedure, createTRPCRouter } from "../init";
import { env } from "@/server/env";
import type { SessionUser } from "@/server/auth";
import { assignEscalationInput, bulkResolveBody, bulkResolveResult, escalationListInput, escalationView, resolveEscalationInput } from "@/server/escalations/escalations.schema";
import { getEscalation, listEscalations, resolveEscalation, type Actor } from "@/server/escalations/escalations.service";
import { assignEscalation, claimEscalation, releaseEscalation, takeOverEscalation } from "@/server/escalations/claims.service";
import { bulkResolveEscalations } from "@/server/escalations/bulk.service";
import { auditEntry, listAudit, recordView } from "@/server/escalations/audit.service";
import { inboxListInput, inboxPage } from "@/server/escalations/inbox.schema";
import { listInbox } from "@/server/escalations/inbox.presenter";
import { caseFile, getCaseFile } from "@/server/escalations/case-file.presenter";
import { countUnread } from "@/server/escalations/unread.presenter";
import { getInngestClient } from "@/server/runtime/app-runtime";

const actor = (user: SessionUser): Actor => ({ role: user.role, label: user.email, userId: user.id });
const byId = z.strictObject({ id: z.string().min(1) });
const ttlMs = () => env.BATON_CLAIM_TTL_MINUTES * 60_000;

export const escalationsRouter = createTRPCRouter({
  list: protectedProcedure.input(escalationListInput).output(z.array(escalationView)).query(({ ctx, input }) => listEscalations(ctx.db, input)),
  // The inbox view: due-time order, `mine` by the caller's role, cursor pages.
  inbox: protectedProcedure
    .input(inboxListInput)
    .output(inboxPage)
    .query(({ ctx, input }) => listInbox(ctx.db, { ...input, actor: ctx.user.role, who: { userId: ctx.user.id } })),
  // The navigation's badge: open ones the caller may decide and has not opened yet.
  unreadCount: protectedProcedure.output(z.object({ count: z.number().int() })).query(async ({ ctx }) => ({ count: await countUnread(ctx.db, { role: ctx.user.role, userId: ctx.user.id }) })),
  // Opening the case file is a view worth auditing (who looked at what); the escalation itself is also read by lists.
  caseFile: protectedProcedure
    .input(byId)
    .output(caseFile)
    .query(async ({ ctx, input }) => {
      const file = await getCaseFile(ctx.db, input);
      await recordView(ctx.db, { id: input.id, actor: actor(ctx.user) });
      return file;
    }),
  get: protectedProcedure.input(byId).output(escalationView).query(({ ctx, input }) => getEscalation(ctx.db, input)),
  audit: protectedProcedure.input(byId).output(z.array(auditEntry)).query(({ ctx, input }) => listAudit(ctx.db, input)),
  // Any signed-in role may try; the service checks the escalation's own role and who holds it.
  resolve: protectedProcedure
    .input(resolveEscalationInput)
    .output(escalationView)
    .mutation(({ ctx, input }) => resolveEscalation(ctx.db, { ...input, actor: actor(ctx.user) }, { events: getInngestClient() })),
  bulkResolve: protectedProcedure
    .input(bulkResolveBody)
    .output(bulkResolveResult)
    .mutation(({ ctx, input }) => bulkResolveEscalations(ctx.db, { ...input, actor: actor(ctx.user) }, { events: getInngestClient() })),
  claim: protectedProcedure.input(byId).output(escalationView).mutation(({ ctx, input }) => claimEscalation(ctx.db, { ...input, actor: actor(ctx.user), ttlMs: ttlMs() })),
  release: protectedProcedure.input(byId).output(escalationView).mutation(({ ctx, input }) => releaseEscalation(ctx.db, { ...input, actor: actor(ctx.user) })),
  takeOver: protectedProcedure.input(byId).output(escalationView).mutation(({ ctx, input }) => takeOverEscalation(ctx.db, { ...input, actor: actor(ctx.user), ttlMs: ttlMs() })),
  // Admins and operators only; the service says so with a clear message for reviewers.
  assign: protectedProcedure.input(assignEscalationInput).output(escalationView).mutation(({ ctx, input }) => assignEscalation(ctx.db, { ...input, actor: actor(ctx.user) })),
});
