import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { dialectOf, rows, type Row } from "@/server/analytics/sql";
import { date, dateOrNull, summaryRowOf } from "./runs-list-sql";

/**
 * The run page's reads (`getRun`) as plain SQL, the same statements on SQLite and PostgreSQL. On
 * SQLite they run on the read worker thread (server/analytics/sqlite-reader.ts) so opening a run
 * never blocks the event loop the embedded engine shares; the main thread only parses the JSON
 * payloads of this one run. JSON columns are read as text on both databases and parsed here, and
 * of the plan only the trigger contract is read (`inputSchema`), not the whole compiled plan.
 */
export type RunDetailRow = ReturnType<typeof summaryRowOf> & {
  versionId: string;
  input: unknown;
  output: unknown;
  error: unknown;
  rerunOfId: string | null;
  rerunOfPublicId: string | null;
  rerunFromNodeId: string | null;
  inputSchema: unknown;
};

export interface StepDetailRow {
  nodeId: string;
  stepId: string;
  kind: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  error: unknown;
  detail: unknown;
  startedAt: Date;
  endedAt: Date | null;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** JSON selected as text (see `asText`): parsed here; NULL stays null. */
export const json = (v: unknown): unknown => (v === null || v === undefined ? null : typeof v === "string" ? (JSON.parse(v) as unknown) : v);

/**
 * A JSON column as text: `::text` on PostgreSQL; on SQLite a CAST, so the column loses its declared
 * JSON type and Prisma's main-thread fallback (no worker) does not decode it before `json` does.
 */
export function asText(db: Db, column: string): Prisma.Sql {
  return Prisma.raw(dialectOf(db) === "postgres" ? `${column}::text` : `CAST(${column} AS TEXT)`);
}

export async function readRunDetail(db: Db, runId: string): Promise<RunDetailRow | null> {
  const pgsql = dialectOf(db) === "postgres";
  const inputSchema = Prisma.raw(pgsql ? `(v.plan -> 'inputSchema')::text` : `json_extract(v.plan, '$.inputSchema')`);
  const [r] = await rows(
    db,
    Prisma.sql`SELECT r.id, r.public_id, r.status, r."trigger", r.kind, r.cost_usd, r.input_tokens, r.cached_tokens, r.output_tokens,
        r.created_at, r.started_at, r.ended_at, r.version_id, r.rerun_of_id, r.rerun_from_node_id,
        ${asText(db, "r.input")} AS input, ${asText(db, "r.output")} AS output, ${asText(db, "r.error")} AS error,
        p.slug, v.version, ${inputSchema} AS input_schema, src.public_id AS rerun_of_public_id
      FROM run r
      JOIN process p ON p.id = r.process_id
      JOIN process_version v ON v.id = r.version_id
      LEFT JOIN run src ON src.id = r.rerun_of_id
      WHERE r.public_id = ${runId}`,
  );
  if (!r) return null;
  return {
    ...summaryRowOf(r),
    versionId: String(r.version_id),
    input: json(r.input),
    output: json(r.output),
    error: json(r.error),
    rerunOfId: str(r.rerun_of_id),
    rerunOfPublicId: str(r.rerun_of_public_id),
    rerunFromNodeId: str(r.rerun_from_node_id),
    // SQLite's json_extract returns an object as JSON text; PostgreSQL's cast above does too.
    inputSchema: json(r.input_schema),
  };
}

/** Every attempt of the run's steps, in the order they started (the same order as the Prisma read it replaces). */
export async function readRunSteps(db: Db, runDbId: string): Promise<StepDetailRow[]> {
  const found: Row[] = await rows(
    db,
    Prisma.sql`SELECT node_id, step_id, kind, attempt, status, provider, model, input_tokens, cached_input_tokens, output_tokens, cost_usd, latency_ms,
        started_at, ended_at, ${asText(db, "input")} AS input, ${asText(db, "output")} AS output, ${asText(db, "error")} AS error, ${asText(db, "detail")} AS detail
      FROM step_record WHERE run_id = ${runDbId} ORDER BY started_at ASC, step_id ASC, attempt ASC`,
  );
  return found.map((s) => ({
    nodeId: String(s.node_id),
    stepId: String(s.step_id),
    kind: String(s.kind),
    attempt: Number(s.attempt),
    status: String(s.status),
    input: json(s.input),
    output: json(s.output),
    provider: str(s.provider),
    model: str(s.model),
    inputTokens: Number(s.input_tokens),
    cachedInputTokens: Number(s.cached_input_tokens),
    outputTokens: Number(s.output_tokens),
    costUsd: Number(s.cost_usd),
    latencyMs: Number(s.latency_ms),
    error: json(s.error),
    detail: json(s.detail),
    startedAt: date(s.started_at),
    endedAt: dateOrNull(s.ended_at),
  }));
}

export async function readRunEscalations(db: Db, runDbId: string) {
  const found: Row[] = await rows(db, Prisma.sql`SELECT public_id, node_id, step_id, status, decision FROM escalation WHERE run_id = ${runDbId} ORDER BY created_at ASC`);
  return found.map((e) => ({ id: String(e.public_id), nodeId: String(e.node_id), stepId: String(e.step_id), status: String(e.status), decision: str(e.decision) }));
}
