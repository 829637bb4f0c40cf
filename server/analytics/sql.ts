import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { sqliteReader } from "./sqlite-reader";
import type { AnalyticsRange } from "./analytics.schema";

/**
 * SQL pieces that differ between SQLite and PostgreSQL. Everything is aggregated in the database;
 * JavaScript only converts driver values (PostgreSQL returns BIGINT counts as bigint) to numbers.
 *
 * SQLite stores DateTime as ISO 8601 text with a "+00:00" suffix (the better-sqlite3 adapter's
 * default), so text comparison orders it and substr() buckets it; PostgreSQL has timestamp(3) in UTC.
 */
export type Dialect = "sqlite" | "postgres";

export function dialectOf(db: Db): Dialect {
  const provider = (db as unknown as { _engineConfig?: { activeProvider?: string } })._engineConfig?.activeProvider;
  return provider === "postgresql" ? "postgres" : "sqlite";
}

export type Row = Record<string, unknown>;

/**
 * Runs a query built with Prisma.sql. Fragments are built with one client's Sql class and would
 * not be recognised as nested SQL by the other client, so the query goes out as text with its
 * values: `?` placeholders for SQLite, `$n` for PostgreSQL.
 */
export async function rows(db: Db, query: Prisma.Sql): Promise<Row[]> {
  if (dialectOf(db) === "postgres") return db.$queryRawUnsafe<Row[]>(query.text, ...query.values);
  // SQLite: on the analytics worker thread, so the engine's event loop never waits for an aggregate.
  const reader = await sqliteReader(db);
  return reader ? reader.query(query.sql, query.values) : db.$queryRawUnsafe<Row[]>(query.sql, ...query.values);
}

/** Driver value → number (bigint counts, numeric strings, null → 0). */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** Byte-order comparison, as SQL orders text. */
export const cmp = (a: unknown, b: unknown): number => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
export const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

const RANGE_MS: Record<Exclude<AnalyticsRange, "custom">, number> = { "24h": 864e5, "7d": 7 * 864e5, "30d": 30 * 864e5 };

export function resolveWindow(p: { range: AnalyticsRange; from?: Date; to?: Date }, now = new Date()): { from: Date; to: Date; bucket: "hour" | "day" } {
  if (p.range === "custom") {
    if (!p.from || !p.to) throw new AppError("BAD_REQUEST", "A custom range needs both from and to (ISO 8601 dates).");
    const span = p.to.getTime() - p.from.getTime();
    return { from: p.from, to: p.to, bucket: span <= 2 * 864e5 ? "hour" : "day" };
  }
  return { from: new Date(now.getTime() - RANGE_MS[p.range]), to: now, bucket: p.range === "24h" ? "hour" : "day" };
}

/** Milliseconds between two DateTime columns. */
export function msBetween(d: Dialect, end: string, start: string): Prisma.Sql {
  return d === "postgres"
    ? Prisma.raw(`(EXTRACT(EPOCH FROM (${end} - ${start})) * 1000)`)
    : Prisma.raw(`ROUND((julianday(${end}) - julianday(${start})) * 86400000.0)`);
}

/** A time bucket label, identical on both dialects. */
export function bucketOf(d: Dialect, column: string, bucket: "hour" | "day"): Prisma.Sql {
  if (d === "postgres") return Prisma.raw(bucket === "day" ? `to_char(${column}, 'YYYY-MM-DD')` : `to_char(${column}, 'YYYY-MM-DD"T"HH24":00:00Z"')`);
  return Prisma.raw(bucket === "day" ? `substr(${column}, 1, 10)` : `(substr(${column}, 1, 13) || ':00:00Z')`);
}

/** 1 when a boolean flag in a JSON column is true, else 0. */
export function jsonFlag(d: Dialect, column: string, key: string): Prisma.Sql {
  // Most records have no detail: skip the JSON parse for them.
  return d === "postgres"
    ? Prisma.raw(`(CASE WHEN ${column} IS NULL THEN 0 WHEN (${column}->>'${key}') = 'true' THEN 1 ELSE 0 END)`)
    : Prisma.raw(`(CASE WHEN ${column} IS NULL THEN 0 WHEN json_extract(${column}, '$.${key}') = 1 THEN 1 ELSE 0 END)`);
}

/** The type (approve/edit/reject/custom) of an escalation's decision id, from its allowed decisions. */
export function decisionType(d: Dialect, alias: string): Prisma.Sql {
  return d === "postgres"
    ? Prisma.raw(`(SELECT j->>'type' FROM jsonb_array_elements(${alias}.allowed_decisions) j WHERE j->>'id' = ${alias}.decision LIMIT 1)`)
    : Prisma.raw(`(SELECT json_extract(j.value, '$.type') FROM json_each(${alias}.allowed_decisions) j WHERE json_extract(j.value, '$.id') = ${alias}.decision LIMIT 1)`);
}

/**
 * Percentiles (default p50 / p95) per group of `source` (a query yielding columns g and v), interpolated linearly
 * between the closest ranks (PostgreSQL's percentile_cont; on SQLite the same maths with
 * row_number() and count() windows).
 */
export function percentileQuery(d: Dialect, source: Prisma.Sql, ps: number[] = [0.5, 0.95]): Prisma.Sql {
  const name = (p: number) => `p${Math.round(p * 100)}`;
  if (d === "postgres") {
    const cols = ps.map((p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY v) AS ${name(p)}`).join(", ");
    return Prisma.sql`SELECT g, ${Prisma.raw(cols)} FROM (${source}) src WHERE v IS NOT NULL GROUP BY g`;
  }
  const at = (p: number) => {
    const pos = `(1 + ${p} * (n - 1))`;
    const lo = `CAST(${pos} AS INTEGER)`;
    return `SUM(CASE WHEN rn = ${lo} THEN v * (1 - (${pos} - ${lo})) WHEN rn = ${lo} + 1 THEN v * (${pos} - ${lo}) ELSE 0 END)`;
  };
  return Prisma.sql`SELECT g, ${Prisma.raw(ps.map((p) => `${at(p)} AS ${name(p)}`).join(", "))}
    FROM (SELECT g, v, row_number() OVER (PARTITION BY g ORDER BY v) AS rn, count(*) OVER (PARTITION BY g) AS n
          FROM (${source}) src WHERE v IS NOT NULL) ranked
    GROUP BY g`;
}

/** The runs in scope, as a WHERE fragment on alias `r`. */
export function runScope(p: { processId: string; from: Date; to: Date; versionId?: string | null }): Prisma.Sql {
  // Test runs (the designer's, of drafts) are never counted.
  return Prisma.sql`r.kind = 'run' AND r.process_id = ${p.processId} AND r.created_at >= ${p.from} AND r.created_at < ${p.to}${
    p.versionId ? Prisma.sql` AND r.version_id = ${p.versionId}` : Prisma.empty
  }`;
}

export interface ResolvedScope {
  processId: string;
  process: string;
  processName: string;
  from: Date;
  to: Date;
  bucket: "hour" | "day";
  version: number | null;
  versionId: string | null;
}

/** Looks up the process (and version) a query names; unknown ones are a 404 with what to do. */
export async function resolveScope(
  db: Db,
  p: { slug: string; range: AnalyticsRange; from?: Date; to?: Date; version?: number },
  now?: Date,
): Promise<ResolvedScope> {
  const process = await db.process.findFirst({ where: { OR: [{ slug: p.slug }, { publicId: p.slug }] }, select: { id: true, slug: true, name: true } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${p.slug}". List processes with GET /api/v1/processes.`, { slug: p.slug });
  let versionId: string | null = null;
  if (p.version !== undefined) {
    const v = await db.processVersion.findUnique({ where: { processId_version: { processId: process.id, version: p.version } }, select: { id: true } });
    if (!v) throw new AppError("NOT_FOUND", `"${process.slug}" has no version ${p.version}. Leave version out for all versions.`, { version: p.version });
    versionId = v.id;
  }
  const w = resolveWindow(p, now);
  return { processId: process.id, process: process.slug, processName: process.name, ...w, version: p.version ?? null, versionId };
}

export const scopeDto = (s: ResolvedScope) => ({ process: s.process, processName: s.processName, from: s.from, to: s.to, version: s.version, bucket: s.bucket });
