import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { RunFilter, RunListFilter, RunListPage, RunSummary } from "./runs.schema";
import { listPageRows, listPageSql } from "./runs-list-sql";

/**
 * The runs list at volume (100k runs, 1M step records): newest first, keyset-paged on
 * (created_at, id) so a page far back costs the same as the first one, and no request counts the
 * table. Only summary columns are read (never input/output/error JSON). The page itself is one SQL
 * statement (runs-list-sql.ts) that on SQLite runs on the read worker thread, off the event loop;
 * the Prisma WHERE below serves the bulk actions, resolving process and version to ids up front
 * because a relation filter on `process.slug` keeps the planner off the (process_id, created_at, id)
 * index.
 */
const DEFAULT_LIMIT = 50;

export const summarySelect = {
  publicId: true,
  status: true,
  trigger: true,
  kind: true,
  costUsd: true,
  inputTokens: true,
  cachedTokens: true,
  outputTokens: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
  process: { select: { slug: true } },
  version: { select: { version: true } },
} as const;

type SummaryRow = {
  publicId: string;
  status: string;
  trigger: string;
  kind: string;
  costUsd: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  process: { slug: string };
  version: { version: number };
};

export function toSummary(r: SummaryRow): RunSummary {
  const start = r.startedAt ?? r.createdAt;
  return {
    id: r.publicId,
    process: r.process.slug,
    version: r.version.version,
    status: r.status as RunSummary["status"],
    trigger: r.trigger,
    kind: r.kind === "test" ? "test" : "run",
    totals: {
      costUsd: r.costUsd,
      inputTokens: r.inputTokens,
      cachedInputTokens: r.cachedTokens,
      outputTokens: r.outputTokens,
      tokens: r.inputTokens + r.outputTokens,
      durationMs: r.endedAt ? r.endedAt.getTime() - start.getTime() : null,
    },
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  };
}

/** Opaque cursor: the last row's creation time (ms) and internal id. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.getTime()}:${row.id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const sep = raw.indexOf(":");
  const ms = Number(raw.slice(0, sep));
  const id = raw.slice(sep + 1);
  if (sep <= 0 || !Number.isSafeInteger(ms) || !id) {
    throw new AppError("BAD_REQUEST", `Invalid cursor "${cursor}": pass the nextCursor of the previous page, or none to start over.`, { fieldErrors: { cursor: ["invalid"] } });
  }
  return { createdAt: new Date(ms), id };
}

type RunWhere = Prisma.RunWhereInput;

/**
 * The WHERE clause of a filter, or null when it can match nothing (unknown process or version).
 * `process` takes a slug or proc_… id; `version` needs `process`.
 */
function checkFilter(f: RunFilter): void {
  if (f.version !== undefined && !f.process) {
    throw new AppError("BAD_REQUEST", "Filtering by version needs the process too (?process=<slug>&version=<n>).", { fieldErrors: { version: ["needs process"] } });
  }
  if (f.minCost !== undefined && f.maxCost !== undefined && f.minCost > f.maxCost) {
    throw new AppError("BAD_REQUEST", `minCost (${f.minCost}) is above maxCost (${f.maxCost}).`, { fieldErrors: { minCost: ["above maxCost"] } });
  }
}

/**
 * The Prisma WHERE of a filter (bulk actions), or null when it can match nothing (unknown process
 * or version). The list page itself is SQL (runs-list-sql.ts) with the same meaning; the list's
 * integration tests check both against the same expectations.
 */
export async function runFilterWhere(db: Db, f: RunFilter): Promise<RunWhere | null> {
  checkFilter(f);
  // The designer's test runs of drafts are listed only when asked for (kind: "test" or "all"):
  // the list is where operators act on real work (bulk cancel of "every matching run" included),
  // and analytics leaves test runs out too.
  const kind = f.kind ?? "run";
  const and: RunWhere[] = kind === "all" ? [] : [{ kind }];
  if (f.process) {
    const process = await db.process.findFirst({ where: { OR: [{ slug: f.process }, { publicId: f.process }] }, select: { id: true } });
    if (!process) return null;
    and.push({ processId: process.id });
    if (f.version !== undefined) {
      const version = await db.processVersion.findFirst({ where: { processId: process.id, version: f.version }, select: { id: true } });
      if (!version) return null;
      and.push({ versionId: version.id });
    }
  }
  if (f.status) and.push({ status: f.status });
  if (f.trigger) and.push({ trigger: f.trigger });
  if (f.node) and.push({ steps: { some: { nodeId: f.node } } });
  if (f.from || f.to) and.push({ createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } });
  if (f.minCost !== undefined || f.maxCost !== undefined) {
    and.push({ costUsd: { ...(f.minCost !== undefined ? { gte: f.minCost } : {}), ...(f.maxCost !== undefined ? { lte: f.maxCost } : {}) } });
  }
  if (f.search) and.push({ OR: [{ publicId: f.search }, { idempotencyKey: f.search }] });
  return { AND: and };
}

/**
 * One page of runs, newest first. The filters match the analytics scope (process, version,
 * creation time) plus status and node, so a figure on the analytics page links to exactly the runs
 * behind it; trigger, cost range and search by run id / idempotency key narrow it further.
 */
export async function listRunsPage(db: Db, params: RunListFilter = {}): Promise<RunListPage> {
  const { cursor, limit = DEFAULT_LIMIT, ...filter } = params;
  const after = cursor ? decodeCursor(cursor) : null;
  checkFilter(filter);
  const found = await listPageRows(db, listPageSql(filter, after, limit + 1));
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return { runs: page.map(toSummary), nextCursor: found.length > limit && last ? encodeCursor(last) : null };
}

/** Runs newest first, without paging metadata (the first page of a filter). */
export async function listRuns(db: Db, params: RunListFilter = {}): Promise<RunSummary[]> {
  return (await listRunsPage(db, params)).runs;
}
