import { escapeLiteral } from "pg";
import type { StoreOp } from "@/engine/store/types";

/**
 * PostgreSQL fast path of the engine store: the hot operations (checkpointed steps, queue bookkeeping,
 * run status, events, keys) of one `apply` as ONE simple-protocol query, i.e. one network round trip.
 *
 * Why: through Prisma, a batch transaction is BEGIN + one round trip per statement + COMMIT, each
 * statement also paying Prisma's query pipeline. The engine commits its writes one batch after another
 * (group commit), so under load a batch of a few hundred statements took ~100+ ms and every step queued
 * behind it: ~400 ms p90 from a step finishing to its result being durable (bench/README.md).
 *
 * Values are inlined as literals, escaped by pg's own `escapeLiteral` (strings), or checked to be
 * finite numbers / booleans / null. Sent on a pipelined connection (server/db/client.ts): the engine may
 * write the next batch before this one is answered, and PostgreSQL applies them in order.
 * Returns undefined for a batch with an operation it does not cover (the caller uses Prisma).
 */
export function pgBatchSql(ops: StoreOp[], prefix: string): string | undefined {
  const t = (name: string) => `${prefix}"${name}"`;
  const out: string[] = [];
  for (const o of ops) {
    switch (o.op) {
      case "putRun": {
        const r = o.run;
        out.push(
          `INSERT INTO ${t("engine_runs")} ("id", "function_id", "status", "event", "events", "output", "error", "created_at", "ended_at", "version", "force_step_plan", "parent_run_id", "parent_step_id")
           VALUES (${lit(r.id)}, ${lit(r.functionId)}, ${lit(r.status)}, ${lit(j(r.event))}, ${lit(j(r.events))}, ${opt(r.output)}, ${opt(r.error)}, ${int(r.createdAt)}, ${r.endedAt === undefined ? "NULL" : int(r.endedAt)}, ${int(r.version)}, ${bool(r.forceStepPlan)}, ${lit(r.parent?.runId ?? null)}, ${lit(r.parent?.stepId ?? null)})
           ON CONFLICT ("id") DO UPDATE SET "function_id" = excluded."function_id", "status" = excluded."status", "event" = excluded."event",
             "events" = excluded."events", "output" = excluded."output", "error" = excluded."error", "created_at" = excluded."created_at",
             "ended_at" = excluded."ended_at", "version" = excluded."version", "force_step_plan" = excluded."force_step_plan",
             "parent_run_id" = excluded."parent_run_id", "parent_step_id" = excluded."parent_step_id"`,
        );
        break;
      }
      case "addSteps":
        if (o.steps.length)
          out.push(
            `INSERT INTO ${t("engine_steps")} ("run_id", "seq", "step_id", "memo", "created_at") VALUES ${o.steps
              .map((s) => `(${lit(s.runId)}, ${int(s.seq)}, ${lit(s.stepId)}, ${lit(j(s.memo))}, ${int(s.createdAt)})`)
              .join(", ")}`,
          );
        break;
      case "updateRun": {
        const pt = o.patch;
        if (pt.forceStepPlan !== undefined) return undefined;
        const sets: string[] = [];
        if (pt.status !== undefined) sets.push(`"status" = ${lit(pt.status)}`);
        if ("output" in pt) sets.push(`"output" = ${lit(j(pt.output))}`);
        if ("error" in pt) sets.push(`"error" = ${lit(j(pt.error))}`);
        if (pt.endedAt !== undefined) sets.push(`"ended_at" = ${int(pt.endedAt)}`);
        if (pt.version !== undefined) sets.push(`"version" = ${int(pt.version)}`);
        if (sets.length) out.push(`UPDATE ${t("engine_runs")} SET ${sets.join(", ")} WHERE "id" = ${lit(o.id)}`);
        break;
      }
      case "putQueueItem": {
        const d = o.item;
        out.push(
          `INSERT INTO ${t("engine_queue_items")} ("id", "run_id", "kind", "step_id", "attempt", "run_at", "created_at")
           VALUES (${lit(d.id)}, ${lit(d.runId)}, ${lit(d.kind)}, ${lit(d.stepId ?? null)}, ${int(d.attempt)}, ${int(Math.floor(d.runAt))}, ${int(d.createdAt)})
           ON CONFLICT ("id") DO UPDATE SET "attempt" = excluded."attempt", "run_at" = excluded."run_at", "step_id" = excluded."step_id", "kind" = excluded."kind"`,
        );
        break;
      }
      case "deleteQueueItem":
        out.push(`DELETE FROM ${t("engine_queue_items")} WHERE "id" = ${lit(o.id)}`);
        break;
      case "deleteWaiter":
        out.push(`DELETE FROM ${t("engine_waiters")} WHERE "id" = ${lit(o.id)}`);
        break;
      case "clearRun":
        out.push(`DELETE FROM ${t("engine_queue_items")} WHERE "run_id" = ${lit(o.runId)}`);
        out.push(`DELETE FROM ${t("engine_waiters")} WHERE "run_id" = ${lit(o.runId)}`);
        break;
      case "addEvents":
        if (o.events.length)
          out.push(
            `INSERT INTO ${t("engine_events")} ("id", "name", "payload", "received_at") VALUES ${o.events
              .map((e) => `(${lit(e.id)}, ${lit(e.name)}, ${lit(j(e.payload))}, ${int(e.receivedAt)})`)
              .join(", ")}`,
          );
        break;
      case "putKey": {
        const k = o.key;
        out.push(
          `INSERT INTO ${t("engine_keys")} ("key", "value", "expires_at") VALUES (${lit(k.key)}, ${lit(k.value)}, ${int(k.expiresAt)})
           ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "expires_at" = excluded."expires_at"`,
        );
        break;
      }
      default:
        return undefined;
    }
  }
  return out.join(";\n");
}

/**
 * The batch as one query: `SET LOCAL synchronous_commit = off; …`. A multi-statement simple query is one
 * implicit transaction: all of it commits, or an error rolls all of it back and the connection stays usable.
 *
 * Why asynchronous commit: the remaining cost after the round trips was the WAL flush (fsync) of every
 * commit, 4–8 ms here, paid one batch after another. With `synchronous_commit = off` for these
 * transactions only, the commit returns once it is in PostgreSQL's WAL buffers: it survives any crash
 * of Baton (the failure we guard against: the step is not run again), and PostgreSQL flushes it
 * within ~3 × wal_writer_delay (0.6 s by default). Only a crash of the PostgreSQL server or the machine
 * inside that window could lose it, the same guarantee as SQLite's WAL with synchronous=NORMAL, our
 * default. WAL order still holds: any later synchronous commit (app data) flushes these first.
 * Everything else Baton writes keeps synchronous commits.
 */
export function pgBatchQuery(sql: string): string {
  return `SET LOCAL synchronous_commit = off;\n${sql}`;
}

const j = (v: unknown): string => JSON.stringify(v === undefined ? null : v);
const opt = (v: unknown): string => (v === undefined ? "NULL" : lit(j(v)));

function lit(v: string | null): string {
  if (v === null) return "NULL";
  if (typeof v !== "string") throw new TypeError(`expected a string, got ${typeof v}`);
  return escapeLiteral(v);
}

function int(v: number): string {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`expected a finite number, got ${String(v)}`);
  return String(Math.trunc(v));
}

function bool(v: boolean | undefined): string {
  return v ? "TRUE" : "FALSE";
}
