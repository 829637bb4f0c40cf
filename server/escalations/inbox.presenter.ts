import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ROLES, type Role } from "@/server/auth/roles";
import { canResolve, view } from "./escalations.service";
import { freeFor, isHolder, type ActorIds } from "./holds";
import { inboxListInput, type InboxItem, type InboxListInput, type InboxPage } from "./inbox.schema";

const include = { run: { select: { publicId: true, version: { select: { version: true } }, process: { select: { slug: true } } } } } as const;

/** Roles whose escalations `actor` may decide. Unknown role names need admin (as in canResolve). */
export function decidableRoles(actor: Role): string[] {
  return ROLES.filter((r) => canResolve(actor, r));
}

export function readOnlyReason(actor: Role, item: { status: string; role: string; resolvedBy: string | null }): string | null {
  if (item.status !== "open") return `Already ${item.status.replace("_", " ")}${item.resolvedBy ? ` by ${item.resolvedBy}` : ""}.`;
  if (!canResolve(actor, item.role)) return `Needs the ${item.role} role; you are ${actor}.`;
  return null;
}

/**
 * The inbox: due soonest first (no deadline last, then oldest first), `mine` = what `actor` may
 * decide. Cursor = the last item's public id (Prisma keyset on the same order), so new
 * escalations arriving between pages do not shift what comes next.
 */
/** `assignee` as a Prisma filter: `me` / `none` / a user's id or email; a claim past its TTL counts as unheld. */
function assigneeFilter(assignee: string, who: ActorIds, now: Date) {
  const live = { OR: [{ claimExpiresAt: null }, { claimExpiresAt: { gt: now } }] };
  if (assignee === "none") return freeFor({}, now);
  if (assignee === "me") {
    if (!who.userId && !who.keyId) return { id: { in: [] as string[] } };
    return { AND: [who.userId ? { claimedByUserId: who.userId } : { claimedByKeyId: who.keyId }, live] };
  }
  return { AND: [{ OR: [{ claimedByUserId: assignee }, { claimedBy: assignee }] }, live] };
}

export async function listInbox(db: Db, params: InboxListInput & { actor: Role; who?: ActorIds; now?: Date }): Promise<InboxPage> {
  const { actor: _actor, who: _who, now: _now, ...rest } = params;
  const who = params.who ?? {};
  const now = params.now ?? new Date();
  const p = inboxListInput.parse(rest);
  const mine = p.scope === "mine" && params.actor !== "admin";
  const roleFilter = mine ? { in: decidableRoles(params.actor) } : undefined;
  if (p.role && roleFilter && !roleFilter.in.includes(p.role)) return { items: [], nextCursor: null };
  if (p.cursor) {
    const exists = await db.escalation.findUnique({ where: { publicId: p.cursor }, select: { id: true } });
    if (!exists) throw new AppError("BAD_REQUEST", `Unknown cursor "${p.cursor}": pass the nextCursor of the previous page, or none to start over.`);
  }
  const rows = await db.escalation.findMany({
    where: {
      ...(p.status ? { status: p.status } : {}),
      ...(p.role ? { role: p.role } : roleFilter ? { role: roleFilter } : {}),
      ...(p.runId || p.process ? { run: { ...(p.runId ? { publicId: p.runId } : {}), ...(p.process ? { process: { slug: p.process } } : {}) } } : {}),
      ...(p.dueBefore ? { dueAt: { lt: p.dueBefore } } : {}),
      ...(p.assignee ? assigneeFilter(p.assignee, who, now) : {}),
    },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { publicId: "asc" }],
    ...(p.cursor ? { cursor: { publicId: p.cursor }, skip: 1 } : {}),
    take: p.limit + 1,
    include,
  });
  const page = rows.slice(0, p.limit);
  const items: InboxItem[] = page.map((row) => {
    const v = view(row, now);
    const reason = readOnlyReason(params.actor, v);
    const heldByOther = v.claimedBy !== null && !isHolder(row, who);
    return { ...v, canDecide: reason === null, readOnlyReason: reason, heldByOther };
  });
  return { items, nextCursor: rows.length > p.limit ? page[page.length - 1]!.publicId : null };
}
