import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { rows, type Row } from "@/server/analytics/sql";
import { date, dateOrNull } from "@/server/runs/runs-list-sql";
import { asText, json } from "@/server/runs/run-detail-sql";
import type { ActorIds } from "./holds";

/**
 * The inbox page as plain SQL, the same text on SQLite and PostgreSQL. On SQLite it runs on the read
 * worker thread (server/analytics/sqlite-reader.ts), so listing thousands of open escalations never
 * blocks the event loop the embedded engine shares; the main thread maps one page of rows. Through
 * Prisma the page cost up to 149 ms of stall on SQLite and 391 ms p95 on PostgreSQL at 100k runs
 * (bench/README.md, "Runs list").
 *
 * Order: due time ascending, no deadline last, then created time, then public id. "No deadline last"
 * is two index walks on `(status, due_at, created_at, public_id)`, one per branch (dated rows, then
 * `due_at IS NULL` rows), each cut at the page size, so the text needs no NULLS LAST (SQLite would
 * sort for it). The cursor is the last row's public id; its sort keys are
 * read first and compared as a tuple. JSON payloads are read only for the page's rows.
 */
export interface InboxFilter {
  status?: string;
  /** One role, or the roles the caller may decide (`mine`). */
  roles?: string[];
  runId?: string;
  process?: string;
  dueBefore?: Date;
  assignee?: string;
  who: ActorIds;
  now: Date;
}

export interface InboxCursor {
  dueAt: unknown;
  createdAt: unknown;
  publicId: string;
}

/** The cursor's sort keys as the database holds them (so comparisons are exact), or null when unknown. */
export async function inboxCursor(db: Db, publicId: string): Promise<InboxCursor | null> {
  const [r] = await rows(db, Prisma.sql`SELECT due_at, created_at, public_id FROM escalation WHERE public_id = ${publicId}`);
  return r ? { dueAt: r.due_at ?? null, createdAt: r.created_at, publicId: String(r.public_id) } : null;
}

/** `assignee` as SQL: `me` / `none` / a user's id or email; a claim past its TTL counts as unheld. */
function assigneeSql(assignee: string, who: ActorIds, now: Date): Prisma.Sql {
  const live = Prisma.sql`(e.claim_expires_at IS NULL OR e.claim_expires_at > ${now})`;
  if (assignee === "none") return Prisma.sql`(e.claimed_by IS NULL OR e.claim_expires_at <= ${now})`;
  if (assignee === "me") {
    if (who.userId) return Prisma.sql`e.claimed_by_user_id = ${who.userId} AND ${live}`;
    if (who.keyId) return Prisma.sql`e.claimed_by_key_id = ${who.keyId} AND ${live}`;
    return Prisma.sql`1 = 0`;
  }
  return Prisma.sql`(e.claimed_by_user_id = ${assignee} OR e.claimed_by = ${assignee}) AND ${live}`;
}

function filterSql(f: InboxFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (f.status) where.push(Prisma.sql`e.status = ${f.status}`);
  if (f.roles) where.push(f.roles.length ? Prisma.sql`e.role IN (${Prisma.join(f.roles)})` : Prisma.sql`1 = 0`);
  if (f.runId) where.push(Prisma.sql`e.run_id = (SELECT r.id FROM run r WHERE r.public_id = ${f.runId})`);
  if (f.process) where.push(Prisma.sql`EXISTS (SELECT 1 FROM run r WHERE r.id = e.run_id AND r.process_id = (SELECT p.id FROM process p WHERE p.slug = ${f.process}))`);
  if (f.dueBefore) where.push(Prisma.sql`e.due_at < ${f.dueBefore}`);
  if (f.assignee) where.push(assigneeSql(f.assignee, f.who, f.now));
  return where;
}

export function inboxPageSql(db: Db, f: InboxFilter, after: InboxCursor | null, take: number): Prisma.Sql {
  const base = filterSql(f);
  const and = (extra: Prisma.Sql[]) => Prisma.join([...base, ...extra], " AND ");
  const keys = Prisma.sql`e.id, e.due_at, e.created_at, e.public_id`;
  // Dated rows after the cursor (none when the cursor is already among the undated ones).
  const dated = [Prisma.sql`e.due_at IS NOT NULL`];
  const undated = [Prisma.sql`e.due_at IS NULL`];
  if (after && after.dueAt !== null) {
    const { dueAt: d, createdAt: c, publicId: p } = after;
    // Tuple comparison written with a leading `>=`, so it stays an index range (no OR of ranges, no sort).
    dated.push(Prisma.sql`e.due_at >= ${d} AND (e.due_at > ${d} OR e.created_at > ${c} OR (e.created_at = ${c} AND e.public_id > ${p}))`);
  } else if (after) {
    dated.push(Prisma.sql`1 = 0`);
    const { createdAt: c, publicId: p } = after;
    undated.push(Prisma.sql`e.created_at >= ${c} AND (e.created_at > ${c} OR e.public_id > ${p})`);
  }
  return Prisma.sql`SELECT e.public_id, e.node_id, e.step_id, e.status, e.reason, e.role, e.due_at, e.decision, e.comment, e.resolved_by, e.resolved_at,
      e.created_at, e.claimed_by, e.claimed_by_user_id, e.claimed_by_key_id, e.claim_expires_at,
      ${asText(db, "e.context")} AS context, ${asText(db, "e.proposed_output")} AS proposed_output, ${asText(db, "e.output_schema")} AS output_schema,
      ${asText(db, "e.allowed_decisions")} AS allowed_decisions, ${asText(db, "e.output")} AS output,
      r.public_id AS run_public_id, r.kind AS run_kind, p.slug, v.version
    FROM (
      SELECT * FROM (SELECT 0 AS undated, ${keys} FROM escalation e WHERE ${and(dated)} ORDER BY e.due_at, e.created_at, e.public_id LIMIT ${take}) a
      UNION ALL
      SELECT * FROM (SELECT 1 AS undated, ${keys} FROM escalation e WHERE ${and(undated)} ORDER BY e.created_at, e.public_id LIMIT ${take}) b
    ) k
    JOIN escalation e ON e.id = k.id
    JOIN run r ON r.id = e.run_id
    JOIN process p ON p.id = r.process_id
    JOIN process_version v ON v.id = r.version_id
    ORDER BY k.undated, k.due_at, k.created_at, k.public_id
    LIMIT ${take}`;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A page row → the shape `view` (escalations.service.ts) reads, as the Prisma include gave it. */
export function inboxRowOf(r: Row) {
  return {
    publicId: String(r.public_id),
    nodeId: String(r.node_id),
    stepId: String(r.step_id),
    status: String(r.status),
    reason: String(r.reason),
    role: String(r.role),
    context: json(r.context) as Prisma.JsonValue,
    proposedOutput: json(r.proposed_output) as Prisma.JsonValue | null,
    outputSchema: json(r.output_schema) as Prisma.JsonValue | null,
    allowedDecisions: json(r.allowed_decisions) as Prisma.JsonValue,
    dueAt: dateOrNull(r.due_at),
    decision: str(r.decision),
    output: json(r.output) as Prisma.JsonValue | null,
    comment: str(r.comment),
    resolvedBy: str(r.resolved_by),
    resolvedAt: dateOrNull(r.resolved_at),
    createdAt: date(r.created_at),
    claimedBy: str(r.claimed_by),
    claimedByUserId: str(r.claimed_by_user_id),
    claimedByKeyId: str(r.claimed_by_key_id),
    claimExpiresAt: dateOrNull(r.claim_expires_at),
    run: { publicId: String(r.run_public_id), kind: String(r.run_kind), process: { slug: String(r.slug) }, version: { version: Number(r.version) } },
  };
}

export async function inboxPageRows(db: Db, f: InboxFilter, after: InboxCursor | null, take: number) {
  return (await rows(db, inboxPageSql(db, f, after, take))).map(inboxRowOf);
}
