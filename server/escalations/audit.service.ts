import { z } from "zod";
import type { Db } from "@/server/db/client";
import type { DbTx } from "@/server/outbox/outbox";
import { AppError } from "@/server/errors";

/**
 * The escalation's audit trail: append-only rows written in the same transaction as the change
 * they describe, so the trail cannot miss a committed claim or decision. Nothing updates or
 * deletes them (the escalation's cascade aside).
 */
export const auditAction = z.enum(["viewed", "claimed", "released", "assigned", "taken_over", "decided", "sla_escalated", "sla_breached"]);
export type AuditAction = z.infer<typeof auditAction>;

export const auditEntry = z.object({
  action: auditAction,
  actor: z.string().describe('The user\'s email, "api-key:<id>", or "system" for SLA events'),
  actorKind: z.enum(["user", "api-key", "system"]),
  at: z.date(),
  before: z.unknown().describe("State before the change (holder, role, proposed output), null for views"),
  after: z.unknown().describe("State after the change (holder, role, decision and output)"),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** Who did it; `system` for the run's own SLA events. */
export interface AuditActor {
  label: string;
  userId?: string;
  keyId?: string;
}
export const SYSTEM: AuditActor = { label: "system" };

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as object));

export async function recordAudit(
  db: Db | DbTx,
  params: { escalationDbId: string; action: AuditAction; actor: AuditActor; before?: unknown; after?: unknown; at?: Date },
): Promise<void> {
  await db.escalationAudit.create({
    data: {
      escalationId: params.escalationDbId,
      action: params.action,
      actor: params.actor.label,
      actorUserId: params.actor.userId ?? null,
      actorKeyId: params.actor.keyId ?? null,
      before: json(params.before),
      after: json(params.after),
      ...(params.at ? { at: params.at } : {}),
    },
  });
}

/** Views are recorded once per actor per window: a page refetching on focus is one look, not ten. */
const VIEW_WINDOW_MS = 5 * 60_000;

export async function recordView(db: Db, params: { id: string; actor: AuditActor; now?: Date }): Promise<void> {
  const now = params.now ?? new Date();
  const row = await db.escalation.findUnique({ where: { publicId: params.id }, select: { id: true } });
  if (!row) return;
  const recent = await db.escalationAudit.findFirst({
    where: { escalationId: row.id, action: "viewed", actor: params.actor.label, at: { gt: new Date(now.getTime() - VIEW_WINDOW_MS) } },
    select: { id: true },
  });
  if (!recent) await recordAudit(db, { escalationDbId: row.id, action: "viewed", actor: params.actor, at: now });
}

export async function listAudit(db: Db, params: { id: string }): Promise<AuditEntry[]> {
  const row = await db.escalation.findUnique({ where: { publicId: params.id }, select: { id: true } });
  if (!row) throw new AppError("NOT_FOUND", `No escalation "${params.id}".`);
  const rows = await db.escalationAudit.findMany({ where: { escalationId: row.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({
    action: r.action as AuditAction,
    actor: r.actor,
    actorKind: r.actorKeyId ? "api-key" : r.actorUserId ? "user" : "system",
    at: r.at,
    before: r.before ?? null,
    after: r.after ?? null,
  }));
}
