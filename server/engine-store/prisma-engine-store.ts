/**
 * The durable EngineStore: engine state in the app database through Prisma (SQLite or PostgreSQL).
 * Lives outside engine/ so the engine never depends on Prisma's generated client.
 * One `apply(ops)` = one transaction (a single statement needs none).
 *
 * Fast path (SQLite): given the better-sqlite3 connection that the client's adapter uses (`connection`), the
 * hot operations run as cached prepared statements on that same connection, synchronously. See `applyDirect`.
 */
import type { Db } from "@/server/db/client";
import type {
  ActiveState,
  CronRecord,
  EngineStore,
  EventRecord,
  FunctionConfig,
  FunctionRecord,
  KeyRecord,
  QueueItemRecord,
  RunFilter,
  RunRecord,
  RunStatus,
  StepRecord,
  StoreOp,
  WaiterRecord,
} from "@/engine/store/types";

/**
 * The part of a better-sqlite3 `Database` the fast path uses. It must be the very connection Prisma's
 * `@prisma/adapter-better-sqlite3` adapter opened for this client (see `captureSqliteConnection`), never a second
 * connection to the same file.
 */
// The connection type and its capture live with the database client (one connection per process).
export { captureSqliteConnection, type SqliteConnection } from "@/server/db/client";
import { pgChannelsOf, type PgPipeline, type SqliteConnection } from "@/server/db/client";
import { pgBatchSql } from "./pg-fast-path";

import { pgBatchQuery } from "./pg-fast-path";

type Row<K extends keyof Db> = Db[K] extends { findFirst(...a: never[]): Promise<infer R> } ? NonNullable<R> : never;

const j = (v: unknown): string => JSON.stringify(v === undefined ? null : v);
const p = <T>(s: string): T => JSON.parse(s) as T;
const n = (v: bigint | number): number => Number(v);

function runRow(r: RunRecord) {
  return {
    id: r.id,
    functionId: r.functionId,
    status: r.status,
    event: j(r.event),
    events: j(r.events),
    output: r.output === undefined ? null : j(r.output),
    error: r.error === undefined ? null : j(r.error),
    createdAt: BigInt(r.createdAt),
    endedAt: r.endedAt === undefined ? null : BigInt(r.endedAt),
    version: r.version,
    forceStepPlan: r.forceStepPlan,
    parentRunId: r.parent?.runId ?? null,
    parentStepId: r.parent?.stepId ?? null,
  };
}

function runOf(row: Row<"engineRun">): RunRecord {
  return {
    id: row.id,
    functionId: row.functionId,
    status: row.status as RunStatus,
    event: p(row.event),
    events: p(row.events),
    ...(row.output !== null ? { output: p(row.output) } : {}),
    ...(row.error !== null ? { error: p(row.error) } : {}),
    createdAt: n(row.createdAt),
    ...(row.endedAt !== null ? { endedAt: n(row.endedAt) } : {}),
    version: row.version,
    forceStepPlan: row.forceStepPlan,
    ...(row.parentRunId && row.parentStepId ? { parent: { runId: row.parentRunId, stepId: row.parentStepId } } : {}),
  };
}

function waiterRow(w: WaiterRecord) {
  return {
    id: w.id,
    runId: w.runId,
    stepId: w.stepId,
    kind: w.kind,
    event: w.event ?? null,
    expression: w.expression ?? null,
    since: BigInt(w.since),
    expiresAt: w.expiresAt === undefined ? null : BigInt(Math.floor(w.expiresAt)),
    childRunId: w.childRunId ?? null,
  };
}

export class PrismaEngineStore implements EngineStore {
  private readonly postgres: boolean;
  private readonly schemaPrefix: string;
  /**
   * `schema`: the PostgreSQL schema the client's adapter was created with (`?schema=` URLs); detected from
   * the pg adapter when not given. Raw statements need it, since they do not go through Prisma's mapping.
   */
  private readonly conn: SqliteConnection | undefined;
  /** PostgreSQL: the adapter's pool, for the one-round-trip fast path (pg-fast-path.ts). */
  private readonly pipeline: PgPipeline | undefined;
  /** PostgreSQL: when every batch issued so far has settled (fast-path batches settle in order). */
  private tail: Promise<unknown> = Promise.resolve();
  /** PostgreSQL: when every Prisma-path batch issued so far has settled (fast-path batches wait for it). */
  private gate: Promise<unknown> = Promise.resolve();
  readonly pipelined: boolean;
  private readonly stmts = new Map<string, { run(...params: unknown[]): unknown }>();
  private readonly runAll: ((list: Array<[string, unknown[]]>) => void) | undefined;
  /**
   * `connection` (SQLite only): the better-sqlite3 connection of `db`'s adapter, enabling the fast path.
   */
  constructor(
    private readonly db: Db,
    opts: { schema?: string; connection?: SqliteConnection; pipeline?: PgPipeline | null } = {},
  ) {
    const provider = String(Reflect.get(db, "_activeProvider") ?? "sqlite");
    this.postgres = provider.startsWith("postgres");
    const adapter = (Reflect.get(db, "_engineConfig") as { adapter?: { options?: { schema?: string } } } | undefined)?.adapter;
    const schema = this.postgres ? (opts.schema ?? adapter?.options?.schema) : undefined;
    this.schemaPrefix = schema ? `"${schema.replace(/"/g, "")}".` : "";
    this.conn = this.postgres ? undefined : opts.connection;
    this.pipeline = this.postgres ? (opts.pipeline === undefined ? pgChannelsOf(db)?.pipeline : (opts.pipeline ?? undefined)) : undefined;
    this.pipelined = this.pipeline !== undefined;
    this.runAll = this.conn?.transaction((list: Array<[string, unknown[]]>) => {
      for (const [sql, params] of list) this.stmt(sql).run(...params);
    });
  }

  private stmt(sql: string): { run(...params: unknown[]): unknown } {
    let st = this.stmts.get(sql);
    if (!st) this.stmts.set(sql, (st = this.conn!.prepare(sql)));
    return st;
  }

  /**
   * The fast path: the hot operations (checkpointed steps, queue bookkeeping, run status, events, keys) as
   * cached prepared statements on the adapter's own connection, executed synchronously: one autocommit
   * statement, or several inside BEGIN…COMMIT (better-sqlite3's `transaction`). Same connection, same pragmas
   * (WAL, synchronous=NORMAL), same commit, so durability is exactly that of the Prisma path: the data is
   * committed when this returns, before the engine answers 2xx.
   *
   * Why it is safe beside Prisma on the same connection: nothing here awaits, so no other JavaScript (Prisma
   * queries included) can interleave with these statements. The one hazard is a Prisma transaction that is
   * open on the connection (it runs BEGIN, then awaits between its statements): our statements would join it.
   * So when `inTransaction` is set, we return false and the caller goes through `db.$transaction`, which
   * queues behind the adapter's transaction mutex. Returns false too for any operation it does not cover.
   */
  private applyDirect(ops: StoreOp[]): boolean {
    const c = this.conn;
    if (!c || c.inTransaction) return false;
    const list: Array<[string, unknown[]]> = [];
    for (const o of ops) {
      switch (o.op) {
        case "putRun": {
          const r = runRow(o.run);
          list.push([
            `INSERT INTO "engine_runs" ("id", "function_id", "status", "event", "events", "output", "error", "created_at", "ended_at", "version", "force_step_plan", "parent_run_id", "parent_step_id")
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT ("id") DO UPDATE SET "function_id" = excluded."function_id", "status" = excluded."status", "event" = excluded."event",
               "events" = excluded."events", "output" = excluded."output", "error" = excluded."error", "created_at" = excluded."created_at",
               "ended_at" = excluded."ended_at", "version" = excluded."version", "force_step_plan" = excluded."force_step_plan",
               "parent_run_id" = excluded."parent_run_id", "parent_step_id" = excluded."parent_step_id"`,
            // Booleans are stored as 0/1, as Prisma does on SQLite.
            [r.id, r.functionId, r.status, r.event, r.events, r.output, r.error, r.createdAt, r.endedAt, r.version, r.forceStepPlan ? 1 : 0, r.parentRunId, r.parentStepId],
          ]);
          break;
        }
        case "addSteps":
          for (const s of o.steps)
            list.push([
              `INSERT INTO "engine_steps" ("run_id", "seq", "step_id", "memo", "created_at") VALUES (?, ?, ?, ?, ?)`,
              [s.runId, s.seq, s.stepId, j(s.memo), s.createdAt],
            ]);
          break;
        case "updateRun": {
          const pt = o.patch;
          if (pt.forceStepPlan !== undefined) return false;
          const cols: string[] = [];
          const params: unknown[] = [];
          if (pt.status !== undefined) (cols.push("status"), params.push(pt.status));
          if ("output" in pt) (cols.push("output"), params.push(j(pt.output)));
          if ("error" in pt) (cols.push("error"), params.push(j(pt.error)));
          if (pt.endedAt !== undefined) (cols.push("ended_at"), params.push(pt.endedAt));
          if (pt.version !== undefined) (cols.push("version"), params.push(pt.version));
          if (cols.length) list.push([`UPDATE "engine_runs" SET ${cols.map((k) => `"${k}" = ?`).join(", ")} WHERE "id" = ?`, [...params, o.id]]);
          break;
        }
        case "putQueueItem": {
          const d = o.item;
          list.push([
            `INSERT INTO "engine_queue_items" ("id", "run_id", "kind", "step_id", "attempt", "run_at", "created_at") VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT ("id") DO UPDATE SET "attempt" = excluded."attempt", "run_at" = excluded."run_at", "step_id" = excluded."step_id", "kind" = excluded."kind"`,
            [d.id, d.runId, d.kind, d.stepId ?? null, d.attempt, Math.floor(d.runAt), d.createdAt],
          ]);
          break;
        }
        case "deleteQueueItem":
          list.push([`DELETE FROM "engine_queue_items" WHERE "id" = ?`, [o.id]]);
          break;
        case "deleteWaiter":
          list.push([`DELETE FROM "engine_waiters" WHERE "id" = ?`, [o.id]]);
          break;
        case "clearRun":
          list.push([`DELETE FROM "engine_queue_items" WHERE "run_id" = ?`, [o.runId]]);
          list.push([`DELETE FROM "engine_waiters" WHERE "run_id" = ?`, [o.runId]]);
          break;
        case "addEvents":
          for (const e of o.events)
            list.push([`INSERT INTO "engine_events" ("id", "name", "payload", "received_at") VALUES (?, ?, ?, ?)`, [e.id, e.name, j(e.payload), e.receivedAt]]);
          break;
        case "putKey": {
          const k = o.key;
          list.push([
            `INSERT INTO "engine_keys" ("key", "value", "expires_at") VALUES (?, ?, ?)
             ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "expires_at" = excluded."expires_at"`,
            [k.key, k.value, k.expiresAt],
          ]);
          break;
        }
        default:
          return false;
      }
    }
    if (list.length === 1) this.stmt(list[0]![0]).run(...list[0]![1]);
    else if (list.length > 1) this.runAll!(list);
    return true;
  }

  /** Raw SQL written with `?` placeholders (numbered `$n` for PostgreSQL) and `@table` names. */
  private raw(sql: string, params: unknown[]): Promise<number> {
    let text = sql.replace(/@(engine_[a-z_]+)/g, (_m, t: string) => `${this.schemaPrefix}"${t}"`);
    if (this.postgres) {
      let i = 0;
      text = text.replace(/\?/g, () => `$${++i}`);
    }
    return this.db.$executeRawUnsafe(text, ...params);
  }

  async apply(ops: StoreOp[]): Promise<void> {
    if (this.applyDirect(ops)) return;
    if (this.pipeline) return this.applyPipelined(ops);
    return this.applyPrisma(ops);
  }

  /**
   * PostgreSQL: batches the fast path covers go out on the pipelined connection at once (answered in
   * order); a batch that needs Prisma first waits for everything issued before it, and fast-path batches
   * issued after it wait for it. So batches are applied in call order, which is what `pipelined` promises.
   */
  private applyPipelined(ops: StoreOp[]): Promise<void> {
    const sql = pgBatchSql(ops, this.schemaPrefix);
    const pipeline = this.pipeline!;
    let run: Promise<void>;
    if (sql !== undefined) {
      if (!sql) return this.tail.then(() => {});
      run = this.gate.then(() => pipeline.query(pgBatchQuery(sql))).then(() => {});
    } else {
      run = this.tail.then(() => this.applyPrisma(ops));
      this.gate = run.catch(() => {});
    }
    this.tail = run.catch(() => {});
    return run;
  }

  private async applyPrisma(ops: StoreOp[]): Promise<void> {
    const db = this.db;
    const q: Array<Promise<unknown>> = [];
    for (const o of ops) {
      switch (o.op) {
        case "putRun": {
          const data = runRow(o.run);
          q.push(db.engineRun.upsert({ where: { id: data.id }, create: data, update: data }));
          break;
        }
        case "updateRun": {
          const pt = o.patch;
          if (pt.forceStepPlan === undefined) {
            // Hot path (status/version changes): plain SQL, no boolean binding involved.
            const sets: string[] = [];
            const params: unknown[] = [];
            const set = (col: string, v: unknown) => (sets.push(`"${col}" = ?`), params.push(v));
            if (pt.status !== undefined) set("status", pt.status);
            if ("output" in pt) set("output", j(pt.output));
            if ("error" in pt) set("error", j(pt.error));
            if (pt.endedAt !== undefined) set("ended_at", BigInt(pt.endedAt));
            if (pt.version !== undefined) set("version", pt.version);
            if (sets.length) q.push(this.raw(`UPDATE @engine_runs SET ${sets.join(", ")} WHERE "id" = ?`, [...params, o.id]));
            break;
          }
          q.push(
            db.engineRun.update({
              where: { id: o.id },
              data: {
                ...(pt.status !== undefined ? { status: pt.status } : {}),
                ...("output" in pt ? { output: j(pt.output) } : {}),
                ...("error" in pt ? { error: j(pt.error) } : {}),
                ...(pt.endedAt !== undefined ? { endedAt: BigInt(pt.endedAt) } : {}),
                ...(pt.version !== undefined ? { version: pt.version } : {}),
                ...(pt.forceStepPlan !== undefined ? { forceStepPlan: pt.forceStepPlan } : {}),
              },
            }),
          );
          break;
        }
        // The hot path (checkpoints, queue bookkeeping, events) uses plain SQL: Prisma's query builder costs
        // ~1 ms per statement here, a raw statement ~0.2 ms. The SQL is portable (SQLite + PostgreSQL).
        case "addSteps":
          for (let i = 0; i < o.steps.length; i += 100) {
            const chunk = o.steps.slice(i, i + 100);
            q.push(
              this.raw(
                `INSERT INTO @engine_steps ("run_id", "seq", "step_id", "memo", "created_at") VALUES ${chunk.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
                chunk.flatMap((s) => [s.runId, s.seq, s.stepId, j(s.memo), BigInt(s.createdAt)]),
              ),
            );
          }
          break;
        case "putQueueItem": {
          const d = o.item;
          q.push(
            this.raw(
              `INSERT INTO @engine_queue_items ("id", "run_id", "kind", "step_id", "attempt", "run_at", "created_at") VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT ("id") DO UPDATE SET "attempt" = excluded."attempt", "run_at" = excluded."run_at", "step_id" = excluded."step_id", "kind" = excluded."kind"`,
              [d.id, d.runId, d.kind, d.stepId ?? null, d.attempt, BigInt(Math.floor(d.runAt)), BigInt(d.createdAt)],
            ),
          );
          break;
        }
        case "deleteQueueItem":
          q.push(this.raw(`DELETE FROM @engine_queue_items WHERE "id" = ?`, [o.id]));
          break;
        case "putWaiter": {
          const data = waiterRow(o.waiter);
          q.push(db.engineWaiter.upsert({ where: { id: data.id }, create: data, update: data }));
          break;
        }
        case "deleteWaiter":
          q.push(this.raw(`DELETE FROM @engine_waiters WHERE "id" = ?`, [o.id]));
          break;
        case "clearRun":
          q.push(this.raw(`DELETE FROM @engine_queue_items WHERE "run_id" = ?`, [o.runId]));
          q.push(this.raw(`DELETE FROM @engine_waiters WHERE "run_id" = ?`, [o.runId]));
          break;
        case "addEvents":
          for (let i = 0; i < o.events.length; i += 100) {
            const chunk = o.events.slice(i, i + 100);
            q.push(
              this.raw(
                `INSERT INTO @engine_events ("id", "name", "payload", "received_at") VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")}`,
                chunk.flatMap((e) => [e.id, e.name, j(e.payload), BigInt(e.receivedAt)]),
              ),
            );
          }
          break;
        case "putKey": {
          const k = o.key;
          q.push(
            this.raw(
              `INSERT INTO @engine_keys ("key", "value", "expires_at") VALUES (?, ?, ?)
               ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "expires_at" = excluded."expires_at"`,
              [k.key, k.value, BigInt(k.expiresAt)],
            ),
          );
          break;
        }
        case "putCron": {
          const c = o.cron;
          const data = { id: c.id, functionId: c.functionId, schedule: c.schedule, nextAt: BigInt(c.nextAt) };
          q.push(db.engineCron.upsert({ where: { id: c.id }, create: data, update: data }));
          break;
        }
        case "deleteCron":
          q.push(db.engineCron.deleteMany({ where: { id: o.id } }));
          break;
        case "putApp":
          q.push(db.engineFunction.deleteMany({ where: { appId: o.appId } }));
          if (o.functions.length)
            q.push(
              db.engineFunction.createMany({
                data: o.functions.map((f) => ({
                  id: f.id,
                  appId: f.appId,
                  name: f.name,
                  url: f.url,
                  config: j(f.config),
                  updatedAt: BigInt(f.updatedAt),
                })),
              }),
            );
          break;
      }
    }
    if (q.length === 0) return;
    // With a fast-path connection, even one statement goes through $transaction: it queues behind the adapter's
    // transaction mutex instead of joining a transaction someone else holds open on the shared connection.
    if (q.length === 1 && !this.conn) await q[0];
    // Prisma's batch transaction: all statements in one database transaction, in order.
    else await db.$transaction(q as never);
  }

  async loadFunctions(): Promise<FunctionRecord[]> {
    const rows = await this.db.engineFunction.findMany();
    return rows.map((r) => ({ id: r.id, appId: r.appId, name: r.name, url: r.url, config: p<FunctionConfig>(r.config), updatedAt: n(r.updatedAt) }));
  }

  async loadCrons(): Promise<CronRecord[]> {
    const rows = await this.db.engineCron.findMany();
    return rows.map((r) => ({ id: r.id, functionId: r.functionId, schedule: r.schedule, nextAt: n(r.nextAt) }));
  }

  async loadActiveState(): Promise<ActiveState> {
    const runs = await this.db.engineRun.findMany({ where: { status: "Running" } });
    const ids = runs.map((r) => r.id);
    const steps: StepRecord[] = [];
    const queue: QueueItemRecord[] = [];
    const waiters: WaiterRecord[] = [];
    // Chunked IN lists keep us under SQLite's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [s, qi, w] = await Promise.all([
        this.db.engineStep.findMany({ where: { runId: { in: chunk } }, orderBy: [{ runId: "asc" }, { seq: "asc" }] }),
        this.db.engineQueueItem.findMany({ where: { runId: { in: chunk } } }),
        this.db.engineWaiter.findMany({ where: { runId: { in: chunk } } }),
      ]);
      for (const r of s) steps.push({ runId: r.runId, seq: r.seq, stepId: r.stepId, memo: p(r.memo), createdAt: n(r.createdAt) });
      for (const r of qi)
        queue.push({
          id: r.id,
          runId: r.runId,
          kind: r.kind as QueueItemRecord["kind"],
          ...(r.stepId !== null ? { stepId: r.stepId } : {}),
          attempt: r.attempt,
          runAt: n(r.runAt),
          createdAt: n(r.createdAt),
        });
      for (const r of w)
        waiters.push({
          id: r.id,
          runId: r.runId,
          stepId: r.stepId,
          kind: r.kind as WaiterRecord["kind"],
          ...(r.event !== null ? { event: r.event } : {}),
          ...(r.expression !== null ? { expression: r.expression } : {}),
          since: n(r.since),
          ...(r.expiresAt !== null ? { expiresAt: n(r.expiresAt) } : {}),
          ...(r.childRunId !== null ? { childRunId: r.childRunId } : {}),
        });
    }
    return { runs: runs.map(runOf), steps, queue, waiters };
  }

  async loadKeys(now: number): Promise<KeyRecord[]> {
    const rows = await this.db.engineKey.findMany({ where: { expiresAt: { gt: BigInt(now) } } });
    return rows.map((r) => ({ key: r.key, value: r.value, expiresAt: n(r.expiresAt) }));
  }

  async loadEventsSince(since: number): Promise<EventRecord[]> {
    const rows = await this.db.engineEvent.findMany({ where: { receivedAt: { gte: BigInt(since) } }, orderBy: [{ receivedAt: "asc" }, { id: "asc" }] });
    return rows.map((r) => ({ id: r.id, name: r.name, payload: p(r.payload), receivedAt: n(r.receivedAt) }));
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const row = await this.db.engineRun.findUnique({ where: { id } });
    return row ? runOf(row) : null;
  }

  async getSteps(runId: string): Promise<StepRecord[]> {
    const rows = await this.db.engineStep.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    return rows.map((r) => ({ runId: r.runId, seq: r.seq, stepId: r.stepId, memo: p(r.memo), createdAt: n(r.createdAt) }));
  }

  async listRuns(filter: RunFilter): Promise<RunRecord[]> {
    const rows = await this.db.engineRun.findMany({
      where: { ...(filter.functionId ? { functionId: filter.functionId } : {}), ...(filter.status ? { status: filter.status } : {}) },
      orderBy: { id: "desc" },
      take: filter.limit ?? 100,
    });
    return rows.map(runOf);
  }

  async prune(now: number, eventsBefore: number): Promise<void> {
    await this.db.$transaction([
      this.db.engineKey.deleteMany({ where: { expiresAt: { lte: BigInt(now) } } }),
      this.db.engineEvent.deleteMany({ where: { receivedAt: { lt: BigInt(eventsBefore) } } }),
    ]);
  }
}
