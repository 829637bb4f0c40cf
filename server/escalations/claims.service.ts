import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { recordAudit } from "./audit.service";
import { currentHolder, freeFor, isHolder, type HoldFields } from "./holds";
import { canResolve, getEscalation, type Actor } from "./escalations.service";
import type { EscalationView } from "./escalations.schema";

/**
 * Claims and assignments: who works an escalation. A holder is a user (or an API key); a claim
 * lapses after the configured TTL (BATON_CLAIM_TTL_MINUTES), an assignment is held until released
 * or taken over. While held, only the holder may decide; anyone else who may decide takes it over
 * first, explicitly, and the take-over is recorded with the previous holder.
 */

const holderState = (row: HoldFields | null) => (row ? { holder: row.claimedBy, expiresAt: row.claimExpiresAt } : { holder: null });

async function loadOpen(db: Db, id: string, actor: Actor, verb: string) {
  const row = await db.escalation.findUnique({ where: { publicId: id } });
  if (!row) throw new AppError("NOT_FOUND", `No escalation "${id}".`);
  // Decisions are final: nothing about a decided escalation changes after the fact.
  if (row.status !== "open") throw new AppError("CONFLICT", `This escalation is already ${row.status.replace("_", " ")}; there is nothing to ${verb}.`, { status: row.status });
  if (!canResolve(actor.role, row.role)) {
    throw new AppError("FORBIDDEN", `Only people who may decide it can ${verb} it: it needs the ${row.role} role; you have ${actor.role}.`, { requiredRole: row.role });
  }
  return row;
}

function heldConflict(holder: HoldFields) {
  const until = holder.claimExpiresAt ? ` until ${holder.claimExpiresAt.toISOString()}` : "";
  return new AppError("CONFLICT", `${holder.claimedBy} holds this escalation${until}. Take it over to work it yourself.`, {
    heldBy: holder.claimedBy,
    expiresAt: holder.claimExpiresAt,
  });
}

/** Claim for `ttlMs`; claiming your own claim again extends it. Refused while someone else holds it. */
export async function claimEscalation(db: Db, params: { id: string; actor: Actor; ttlMs: number; now?: Date }): Promise<EscalationView> {
  const now = params.now ?? new Date();
  const row = await loadOpen(db, params.id, params.actor, "claim");
  const holder = currentHolder(row, now);
  if (holder && !isHolder(holder, params.actor)) throw heldConflict(holder);
  const expiresAt = new Date(now.getTime() + params.ttlMs);
  await db.$transaction(async (tx) => {
    // The filter repeats the check so two people claiming at once cannot both win.
    const { count } = await tx.escalation.updateMany({
      where: { id: row.id, status: "open", ...freeFor(params.actor, now) },
      data: { claimedBy: params.actor.label, claimedByUserId: params.actor.userId ?? null, claimedByKeyId: params.actor.keyId ?? null, claimedAt: now, claimExpiresAt: expiresAt },
    });
    if (count === 0) throw new AppError("CONFLICT", "Someone else claimed this escalation a moment ago. Reload it.");
    await recordAudit(tx, { escalationDbId: row.id, action: "claimed", actor: params.actor, before: holderState(holder), after: { holder: params.actor.label, expiresAt }, at: now });
  });
  return getEscalation(db, { id: params.id }, now);
}

/** Let go: the holder, or an admin / operator clearing someone's hold. */
export async function releaseEscalation(db: Db, params: { id: string; actor: Actor; now?: Date }): Promise<EscalationView> {
  const now = params.now ?? new Date();
  const row = await loadOpen(db, params.id, params.actor, "release");
  const holder = currentHolder(row, now);
  if (!holder) throw new AppError("CONFLICT", "Nobody holds this escalation; there is nothing to release.");
  if (!isHolder(holder, params.actor) && params.actor.role === "reviewer") throw heldConflict(holder);
  await db.$transaction(async (tx) => {
    await tx.escalation.update({ where: { id: row.id }, data: { claimedBy: null, claimedByUserId: null, claimedByKeyId: null, claimedAt: null, claimExpiresAt: null } });
    await recordAudit(tx, { escalationDbId: row.id, action: "released", actor: params.actor, before: holderState(holder), after: holderState(null), at: now });
  });
  return getEscalation(db, { id: params.id }, now);
}

/** Take it from the current holder (or a lapsed claim) as your own claim; recorded with who had it. */
export async function takeOverEscalation(db: Db, params: { id: string; actor: Actor; ttlMs: number; now?: Date }): Promise<EscalationView> {
  const now = params.now ?? new Date();
  const row = await loadOpen(db, params.id, params.actor, "take over");
  const holder = currentHolder(row, now);
  const expiresAt = new Date(now.getTime() + params.ttlMs);
  await db.$transaction(async (tx) => {
    await tx.escalation.update({
      where: { id: row.id },
      data: { claimedBy: params.actor.label, claimedByUserId: params.actor.userId ?? null, claimedByKeyId: params.actor.keyId ?? null, claimedAt: now, claimExpiresAt: expiresAt },
    });
    await recordAudit(tx, { escalationDbId: row.id, action: "taken_over", actor: params.actor, before: holderState(holder), after: { holder: params.actor.label, expiresAt }, at: now });
  });
  return getEscalation(db, { id: params.id }, now);
}

/** Admins and operators assign to a person who may decide it (or unassign with null). */
export async function assignEscalation(db: Db, params: { id: string; assignee: string | null; actor: Actor; now?: Date }): Promise<EscalationView> {
  const now = params.now ?? new Date();
  if (params.actor.role === "reviewer") throw new AppError("FORBIDDEN", "Assigning escalations needs the operator or admin role; claim it yourself instead.");
  const row = await loadOpen(db, params.id, params.actor, "assign");
  const holder = currentHolder(row, now);
  let to: { id: string; email: string } | null = null;
  if (params.assignee) {
    const user = await db.user.findFirst({ where: { OR: [{ id: params.assignee }, { email: params.assignee }] }, select: { id: true, email: true, role: true } });
    if (!user) throw new AppError("BAD_REQUEST", `No user "${params.assignee}". Pass a user's id or email (Settings → Users).`, { fieldErrors: { assignee: ["Unknown user"] } });
    if (!canResolve(user.role as Actor["role"], row.role)) {
      throw new AppError("BAD_REQUEST", `${user.email} is a ${user.role} and cannot decide an escalation for the ${row.role} role. Pick someone who can.`, { fieldErrors: { assignee: ["Cannot decide this escalation"] } });
    }
    to = user;
  }
  await db.$transaction(async (tx) => {
    await tx.escalation.update({
      where: { id: row.id },
      data: to
        ? { claimedBy: to.email, claimedByUserId: to.id, claimedByKeyId: null, claimedAt: now, claimExpiresAt: null }
        : { claimedBy: null, claimedByUserId: null, claimedByKeyId: null, claimedAt: null, claimExpiresAt: null },
    });
    await recordAudit(tx, { escalationDbId: row.id, action: "assigned", actor: params.actor, before: holderState(holder), after: { holder: to?.email ?? null }, at: now });
  });
  return getEscalation(db, { id: params.id }, now);
}
