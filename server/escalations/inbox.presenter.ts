import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ROLES, type Role } from "@/server/auth/roles";
import { canResolve, view } from "./escalations.service";
import { isHolder, type ActorIds } from "./holds";
import { inboxCursor, inboxPageRows, type InboxFilter } from "./inbox-sql";
import { inboxListInput, type InboxItem, type InboxListInput, type InboxPage } from "./inbox.schema";


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
 * decide. Cursor = the last item's public id (keyset on the same order), so new escalations
 * arriving between pages do not shift what comes next. The page is one SQL statement (inbox-sql.ts)
 * that on SQLite runs on the read worker thread, off the event loop.
 */
export async function listInbox(db: Db, params: InboxListInput & { actor: Role; who?: ActorIds; now?: Date }): Promise<InboxPage> {
  const { actor: _actor, who: _who, now: _now, ...rest } = params;
  const who = params.who ?? {};
  const now = params.now ?? new Date();
  const p = inboxListInput.parse(rest);
  const mine = p.scope === "mine" && params.actor !== "admin";
  if (p.role && mine && !decidableRoles(params.actor).includes(p.role)) return { items: [], nextCursor: null };
  const after = p.cursor ? await inboxCursor(db, p.cursor) : null;
  if (p.cursor && !after) throw new AppError("BAD_REQUEST", `Unknown cursor "${p.cursor}": pass the nextCursor of the previous page, or none to start over.`);
  const filter: InboxFilter = {
    status: p.status,
    roles: p.role ? [p.role] : mine ? decidableRoles(params.actor) : undefined,
    runId: p.runId,
    process: p.process,
    dueBefore: p.dueBefore,
    assignee: p.assignee,
    who,
    now,
  };
  const rows = await inboxPageRows(db, filter, after, p.limit + 1);
  const page = rows.slice(0, p.limit);
  const items: InboxItem[] = page.map((row) => {
    const v = view(row, now);
    const reason = readOnlyReason(params.actor, v);
    const heldByOther = v.claimedBy !== null && !isHolder(row, who);
    return { ...v, canDecide: reason === null, readOnlyReason: reason, heldByOther };
  });
  return { items, nextCursor: rows.length > p.limit ? page[page.length - 1]!.publicId : null };
}
