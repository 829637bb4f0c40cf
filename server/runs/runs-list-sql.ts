import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { rows, type Row } from "@/server/analytics/sql";
import type { RunFilter, RunSummary } from "./runs.schema";

/**
 * The runs list page as one SQL statement, the same text on SQLite and PostgreSQL. On SQLite it
 * runs on the read worker thread (server/analytics/sqlite-reader.ts, its own read-only
 * connection), so a page never blocks the event loop the embedded engine and every other request
 * share: the main thread only posts the statement and maps ~50 small rows. Through Prisma the same
 * page cost two relation look-ups and the query engine's work on the main thread (bench/README.md,
 * "Runs list"). The inner query is the index walk (ORDER BY created_at DESC, id DESC LIMIT n on one
 * of the `(…, created_at, id)` indexes); process slug and version number are joined to that page
 * only. Process and version filters are scalar subqueries (one look-up, then the
 * `(process_id, …)` index), never a relation filter on the slug.
 */
export function listPageSql(f: RunFilter, after: { createdAt: Date; id: string } | null, take: number): Prisma.Sql {
  const where: Prisma.Sql[] = [];
  const kind = f.kind ?? "run";
  if (kind !== "all") where.push(Prisma.sql`kind = ${kind}`);
  if (f.process) {
    const processId = Prisma.sql`(SELECT p.id FROM process p WHERE p.slug = ${f.process} OR p.public_id = ${f.process} LIMIT 1)`;
    where.push(Prisma.sql`process_id = ${processId}`);
    if (f.version !== undefined) where.push(Prisma.sql`version_id = (SELECT v.id FROM process_version v WHERE v.process_id = ${processId} AND v.version = ${f.version})`);
  }
  if (f.status) where.push(Prisma.sql`status = ${f.status}`);
  if (f.trigger) where.push(Prisma.sql`"trigger" = ${f.trigger}`);
  if (f.node) where.push(Prisma.sql`EXISTS (SELECT 1 FROM step_record s WHERE s.run_id = run.id AND s.node_id = ${f.node})`);
  if (f.from) where.push(Prisma.sql`created_at >= ${f.from}`);
  if (f.to) where.push(Prisma.sql`created_at < ${f.to}`);
  if (f.minCost !== undefined) where.push(Prisma.sql`cost_usd >= ${f.minCost}`);
  if (f.maxCost !== undefined) where.push(Prisma.sql`cost_usd <= ${f.maxCost}`);
  if (f.search) where.push(Prisma.sql`(public_id = ${f.search} OR idempotency_key = ${f.search})`);
  // Rows strictly after the cursor in (created_at DESC, id DESC) order; the `<=` keeps it an index range.
  if (after) where.push(Prisma.sql`created_at <= ${after.createdAt} AND (created_at < ${after.createdAt} OR id < ${after.id})`);
  const cond = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  return Prisma.sql`SELECT r.id, r.public_id, r.status, r."trigger", r.kind, r.cost_usd, r.input_tokens, r.cached_tokens, r.output_tokens,
      r.created_at, r.started_at, r.ended_at, p.slug, v.version
    FROM (SELECT id, public_id, process_id, version_id, status, "trigger", kind, cost_usd, input_tokens, cached_tokens, output_tokens,
            created_at, started_at, ended_at
          FROM run ${cond} ORDER BY created_at DESC, id DESC LIMIT ${take}) r
    JOIN process p ON p.id = r.process_id
    JOIN process_version v ON v.id = r.version_id
    ORDER BY r.created_at DESC, r.id DESC`;
}

/** Driver values: SQLite gives ISO text for DateTime, PostgreSQL a Date. */
export const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

/** A row with the summary columns (and p.slug, v.version) → the shape `toSummary` reads. */
export function summaryRowOf(r: Row) {
  return {
    id: String(r.id),
    publicId: String(r.public_id),
    status: String(r.status) as RunSummary["status"],
    trigger: String(r.trigger),
    kind: String(r.kind),
    costUsd: Number(r.cost_usd),
    inputTokens: Number(r.input_tokens),
    cachedTokens: Number(r.cached_tokens),
    outputTokens: Number(r.output_tokens),
    createdAt: date(r.created_at),
    startedAt: dateOrNull(r.started_at),
    endedAt: dateOrNull(r.ended_at),
    process: { slug: String(r.slug) },
    version: { version: Number(r.version) },
  };
}

export async function listPageRows(db: Db, sql: Prisma.Sql) {
  return (await rows(db, sql)).map(summaryRowOf);
}
