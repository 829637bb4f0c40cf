import { z } from "zod";
import { assignEscalationBody, bulkResolveBody, bulkResolveResult, escalationListInput, escalationView, resolveEscalationBody } from "@/server/escalations/escalations.schema";
import { getEscalation, resolveEscalation, type Actor } from "@/server/escalations/escalations.service";
import { assignEscalation, claimEscalation, releaseEscalation, takeOverEscalation } from "@/server/escalations/claims.service";
import { bulkResolveEscalations } from "@/server/escalations/bulk.service";
import { auditEntry, listAudit, recordView } from "@/server/escalations/audit.service";
import { inboxItem, inboxListInput } from "@/server/escalations/inbox.schema";
import { listInbox } from "@/server/escalations/inbox.presenter";
import type { Principal, RestDeps, RestRoute } from "./rest-routes";

const READ = ["admin", "operator", "reviewer"] as const;
const OPERATE = ["admin", "operator"] as const;
const DEFAULT_CLAIM_TTL_MS = 30 * 60_000;

/** An API key acts as itself: it can hold a claim, and its actions are audited as `api-key:<id>`. */
const keyActor = (principal: Principal): Actor => ({ role: principal.role, label: `api-key:${principal.keyId}`, keyId: principal.keyId });
const ttl = (deps: RestDeps) => deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;

// Query strings are strings: dueBefore is an ISO 8601 timestamp, limit a number in text.
const escalationQuery = z.object({
  status: escalationListInput.shape.status,
  runId: z.string().optional(),
  role: inboxListInput.shape.role,
  assignee: inboxListInput.shape.assignee,
  process: inboxListInput.shape.process,
  dueBefore: z.iso.datetime({ offset: true }).optional().describe("Only escalations due before this time (ISO 8601); no-deadline ones are left out"),
  cursor: inboxListInput.shape.cursor,
  limit: z.coerce.number().int().min(1).max(200).optional().describe("Page size, default 50"),
});

/** The inbox over REST: list, read, decide (one or many), claim / release / take over / assign, audit. */
export const escalationRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/escalations",
    operationId: "listEscalations",
    summary: "Escalations, due soonest first (no deadline last); filter by status, role, process, runId, assignee (me | none | a user), dueBefore; page with cursor (nextCursor)",
    roles: READ,
    query: escalationQuery,
    response: z.object({ escalations: z.array(inboxItem), nextCursor: z.string().nullable() }),
    handle: async ({ deps, query, principal }) => {
      const q = escalationQuery.parse(Object.fromEntries([...query.entries()].filter(([k]) => k in escalationQuery.shape)));
      const page = await listInbox(deps.db, { ...q, dueBefore: q.dueBefore ? new Date(q.dueBefore) : undefined, scope: "all", actor: principal.role, who: { keyId: principal.keyId } });
      return { escalations: page.items, nextCursor: page.nextCursor };
    },
  },
  {
    method: "GET",
    path: "/escalations/{id}",
    operationId: "getEscalation",
    summary: "One escalation with its context, proposed output and allowed decisions",
    roles: READ,
    response: escalationView,
    handle: async ({ deps, params, principal }) => {
      const found = await getEscalation(deps.db, { id: params.id! });
      await recordView(deps.db, { id: params.id!, actor: keyActor(principal) });
      return found;
    },
  },
  {
    method: "POST",
    path: "/escalations/{id}/resolve",
    operationId: "resolveEscalation",
    summary: "Approve, edit (validated against the step contract), reject or take a custom action; resumes the run",
    roles: READ,
    body: resolveEscalationBody,
    response: escalationView,
    handle: async ({ deps, params, body, principal }) =>
      resolveEscalation(
        deps.db,
        { id: params.id!, ...(body as z.infer<typeof resolveEscalationBody>), actor: keyActor(principal) },
        deps,
      ),
  },
  {
    method: "POST",
    path: "/escalations/bulk-resolve",
    operationId: "bulkResolveEscalations",
    summary: "Apply one decision (e.g. approve or reject) to many escalations; each is resolved on its own and reported per item (held, decided or not allowing it: ok=false with the reason)",
    roles: READ,
    body: bulkResolveBody,
    response: bulkResolveResult,
    handle: async ({ deps, body, principal }) => bulkResolveEscalations(deps.db, { ...(body as z.infer<typeof bulkResolveBody>), actor: keyActor(principal) }, deps),
  },
  {
    method: "POST",
    path: "/escalations/{id}/claim",
    operationId: "claimEscalation",
    summary: "Claim it for this API key for the claim TTL (BATON_CLAIM_TTL_MINUTES); 409 while someone else holds it",
    roles: READ,
    response: escalationView,
    handle: async ({ deps, params, principal }) => claimEscalation(deps.db, { id: params.id!, actor: keyActor(principal), ttlMs: ttl(deps) }),
  },
  {
    method: "POST",
    path: "/escalations/{id}/release",
    operationId: "releaseEscalation",
    summary: "Release a claim or assignment (the holder, or an admin / operator key)",
    roles: READ,
    response: escalationView,
    handle: async ({ deps, params, principal }) => releaseEscalation(deps.db, { id: params.id!, actor: keyActor(principal) }),
  },
  {
    method: "POST",
    path: "/escalations/{id}/take-over",
    operationId: "takeOverEscalation",
    summary: "Take it from its current holder as this key's claim; recorded in the audit with the previous holder",
    roles: READ,
    response: escalationView,
    handle: async ({ deps, params, principal }) => takeOverEscalation(deps.db, { id: params.id!, actor: keyActor(principal), ttlMs: ttl(deps) }),
  },
  {
    method: "POST",
    path: "/escalations/{id}/assign",
    operationId: "assignEscalation",
    summary: "Assign to a user (id or email) who may decide it, or unassign with null; admin and operator keys",
    roles: OPERATE,
    body: assignEscalationBody,
    response: escalationView,
    handle: async ({ deps, params, body, principal }) =>
      assignEscalation(deps.db, { id: params.id!, assignee: (body as z.infer<typeof assignEscalationBody>).assignee, actor: keyActor(principal) }),
  },
  {
    method: "GET",
    path: "/escalations/{id}/audit",
    operationId: "getEscalationAudit",
    summary: "The escalation's audit trail, oldest first: views, claims, releases, assignments, take-overs, the decision (before/after) and SLA events, each with actor and time",
    roles: READ,
    response: z.object({ entries: z.array(auditEntry) }),
    handle: async ({ deps, params }) => ({ entries: await listAudit(deps.db, { id: params.id! }) }),
  },
];
