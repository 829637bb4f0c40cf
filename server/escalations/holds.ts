import type { Prisma } from "@/server/db/client";

/** Who may act on a held escalation; shared by claims and decisions (claims.service.ts explains holds). */
export interface ActorIds {
  userId?: string;
  keyId?: string;
}

export interface HoldFields {
  claimedBy: string | null;
  claimedByUserId: string | null;
  claimedByKeyId: string | null;
  claimExpiresAt: Date | null;
}

/** The current holder, or null when unheld or the claim has lapsed. */
export function currentHolder(row: HoldFields, now: Date): HoldFields | null {
  if (!row.claimedBy) return null;
  if (row.claimExpiresAt && row.claimExpiresAt.getTime() <= now.getTime()) return null;
  return row;
}

export function isHolder(row: HoldFields, actor: ActorIds): boolean {
  return (!!actor.userId && row.claimedByUserId === actor.userId) || (!!actor.keyId && row.claimedByKeyId === actor.keyId);
}

/** Prisma filter: rows `actor` may act on without taking over (unheld, lapsed, or theirs). */
export function freeFor(actor: ActorIds, now: Date): Prisma.EscalationWhereInput {
  return {
    OR: [
      { claimedBy: null },
      { claimExpiresAt: { lte: now } },
      ...(actor.userId ? [{ claimedByUserId: actor.userId }] : []),
      ...(actor.keyId ? [{ claimedByKeyId: actor.keyId }] : []),
    ],
  };
}

