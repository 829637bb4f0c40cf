import { ExecutionPlan } from "@/core";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { runFilterWhere } from "./runs-list";
import { cancelRun, rerunFromNode, type RunDeps } from "./runs.service";
import type { BulkCountResult, BulkRunsInput, BulkRunsResult, RunFilter } from "./runs-bulk.schema";
import { BULK_COUNT_CAP, BULK_MAX } from "./runs-bulk.schema";

/**
 * Bulk cancel / rerun of selected runs or of every run matching a list filter. Each run goes
 * through the same service as a single cancel or rerun (so through the outbox, with the same
 * checks); one call acts on at most BULK_MAX runs, newest first, and says whether more remain,
 * so a click can never fan out to the whole table in one request.
 */
const TERMINAL = ["completed", "failed", "cancelled"];
const ACTIVE = ["queued", "running", "waiting"];
const eligible = (action: "cancel" | "rerun") => (action === "cancel" ? ACTIVE : TERMINAL);

async function matchingWhere(db: Db, action: "cancel" | "rerun", filter: RunFilter) {
  const where = await runFilterWhere(db, filter);
  return where ? { AND: [where, { status: { in: eligible(action) } }] } : null;
}

/** How many runs a filter-wide action would touch, counted up to BULK_COUNT_CAP (never the whole table). */
export async function countBulkTargets(db: Db, params: { action: "cancel" | "rerun"; filter: RunFilter }): Promise<BulkCountResult> {
  const where = await matchingWhere(db, params.action, params.filter);
  if (!where) return { count: 0, capped: false, max: BULK_MAX };
  const count = await db.run.count({ where, take: BULK_COUNT_CAP + 1 });
  return { count: Math.min(count, BULK_COUNT_CAP), capped: count > BULK_COUNT_CAP, max: BULK_MAX };
}

async function targets(db: Db, input: BulkRunsInput): Promise<{ runIds: string[]; remaining: boolean }> {
  if (input.runIds) return { runIds: [...new Set(input.runIds)], remaining: false };
  const where = await matchingWhere(db, input.action, input.filter ?? {});
  if (!where) return { runIds: [], remaining: false };
  const rows = await db.run.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: BULK_MAX + 1, select: { publicId: true } });
  return { runIds: rows.slice(0, BULK_MAX).map((r) => r.publicId), remaining: rows.length > BULK_MAX };
}

/** The first step of the run's pinned version: a bulk rerun executes the whole process again. */
async function firstStep(db: Db, runId: string, cache: Map<string, string>): Promise<string> {
  const run = await db.run.findUnique({ where: { publicId: runId }, select: { versionId: true } });
  if (!run) throw new AppError("NOT_FOUND", `No run "${runId}".`, { runId });
  const known = cache.get(run.versionId);
  if (known) return known;
  const version = await db.processVersion.findUniqueOrThrow({ where: { id: run.versionId }, select: { plan: true } });
  const first = ExecutionPlan.parse(version.plan).steps[0]?.id;
  if (!first) throw new AppError("PRECONDITION_FAILED", `Run ${runId}'s version has no steps to rerun.`);
  cache.set(run.versionId, first);
  return first;
}

export async function bulkRunAction(db: Db, input: BulkRunsInput, deps: RunDeps): Promise<BulkRunsResult> {
  const { runIds, remaining } = await targets(db, input);
  const done: BulkRunsResult["done"] = [];
  const skipped: BulkRunsResult["skipped"] = [];
  const plans = new Map<string, string>();
  // One at a time: each is a short transaction plus an outbox kick; running 200 in parallel would
  // hold the SQLite writer and the engine's queue for the whole batch.
  for (const runId of runIds) {
    try {
      if (input.action === "cancel") {
        await cancelRun(db, { runId }, deps);
        done.push({ runId, newRunId: null });
      } else {
        const started = await rerunFromNode(db, { runId, fromNodeId: await firstStep(db, runId, plans) }, deps);
        done.push({ runId, newRunId: started.runId });
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      skipped.push({ runId, reason: e.message });
    }
  }
  return { action: input.action, done, skipped, remaining };
}
