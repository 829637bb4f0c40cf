import { BatonEvents } from "@/core";
import type { Db } from "@/server/db/client";
import { afterCommit, enqueueEvent, type DbTx } from "@/server/outbox/outbox";
import { markRunCancelled, type RunDeps } from "@/server/runs/runs.service";
import { publicId } from "@/server/runtime/ids";
import { TEST_RUN_REQUESTED, type RunRequestedData } from "@/server/runtime/run-events";

/**
 * Paces a dataset run: keeps `concurrency` runs in flight until every slot (input × repetition)
 * has been launched and has ended, and stops at the spend cap. Each call is one transaction that
 * creates the next runs with their `run.requested` events in the outbox (so a crash after the
 * commit loses nothing) and moves `launched` on with a compare-and-set (so two callers at once
 * never launch one slot twice; each slot's run also carries a unique idempotency key).
 * Called at launch, at the end of each of its runs (a step of the run's function) and by the
 * host's sweep (cancelled runs end without a step; a crash mid-way is picked up there).
 */
const ACTIVE = ["queued", "running", "waiting"];
/**
 * What holds a concurrency slot: a run waiting at a human step does not (a reviewer may take days),
 * and the dataset run completes without it; its escalation stays in the inbox, and a decision
 * there shows up in the results.
 */
const BUSY = ["queued", "running"];

/** What the dataset run's runs have spent so far, including runs still going (their step records). */
export async function datasetSpend(db: Db | DbTx, datasetRunId: string): Promise<number> {
  const sum = await db.stepRecord.aggregate({ where: { run: { datasetRunId } }, _sum: { costUsd: true } });
  return sum._sum.costUsd ?? 0;
}

export async function advanceDatasetRun(db: Db, params: { id: string }, deps: RunDeps): Promise<void> {
  const ids = await db.$transaction((tx) => advance(tx, params.id));
  await afterCommit(db, deps.events, ids);
}

async function advance(tx: DbTx, id: string): Promise<string[]> {
  const dsr = await tx.datasetRun.findUnique({ where: { id }, include: { dataset: { select: { inputs: true } } } });
  if (!dsr || dsr.status !== "running") return [];
  const now = new Date();
  const inflight = await tx.run.findMany({ where: { datasetRunId: id, status: { in: BUSY } }, select: { id: true, publicId: true } });
  const spent = await datasetSpend(tx, id);
  if (spent >= dsr.spendCapUsd) {
    const reason = `Spend cap of $${dsr.spendCapUsd} reached ($${spent.toFixed(4)} spent): stopped after launching ${dsr.launched} of ${dsr.total} runs${inflight.length ? `; cancelled the ${inflight.length} still running` : ""}.`;
    return stopDatasetRun(tx, id, "capped", reason);
  }
  if (dsr.launched >= dsr.total) {
    if (inflight.length === 0) await tx.datasetRun.updateMany({ where: { id, status: "running" }, data: { status: "completed", endedAt: now } });
    return [];
  }
  const n = Math.min(dsr.concurrency - inflight.length, dsr.total - dsr.launched);
  if (n <= 0) return [];
  const claimed = await tx.datasetRun.updateMany({ where: { id, status: "running", launched: dsr.launched }, data: { launched: dsr.launched + n } });
  if (!claimed.count) return []; // another caller launched these slots
  const version = await tx.processVersion.findUniqueOrThrow({ where: { id: dsr.versionId }, select: { version: true, process: { select: { slug: true } } } });
  const inputs = dsr.dataset.inputs as unknown[];
  const ids: string[] = [];
  for (let slot = dsr.launched; slot < dsr.launched + n; slot++) {
    const input = inputs[Math.floor(slot / dsr.repetitions)] ?? null;
    const run = await tx.run.create({
      data: {
        publicId: publicId("run"),
        processId: dsr.processId,
        versionId: dsr.versionId,
        input: JSON.parse(JSON.stringify(input)) as object,
        trigger: "ui",
        kind: "dataset",
        datasetRunId: id,
        idempotencyKey: `dataset:${dsr.publicId}:${slot}`,
      },
    });
    const data: RunRequestedData = {
      runId: run.publicId,
      runDbId: run.id,
      process: version.process.slug,
      version: version.version,
      input,
      datasetRunId: id,
      ...(dsr.provider === "simulator" ? { simulate: true } : {}),
    };
    // A draft runs through the one test-run function (reads the plan from its hidden version); a published version through its own.
    const name = dsr.target === "draft" ? TEST_RUN_REQUESTED : BatonEvents.runRequested;
    ids.push(await enqueueEvent(tx, { name, id: `run-${run.publicId}`, data: data as unknown as Record<string, unknown> }));
  }
  return ids;
}

/** Inside the caller's transaction: no more launches, and the runs still going cancelled (through the outbox). */
export async function stopDatasetRun(tx: DbTx, id: string, status: "capped" | "cancelled", reason: string): Promise<string[]> {
  const claimed = await tx.datasetRun.updateMany({ where: { id, status: "running" }, data: { status, stopReason: reason, endedAt: new Date() } });
  if (!claimed.count) return [];
  const inflight = await tx.run.findMany({ where: { datasetRunId: id, status: { in: ACTIVE } }, select: { id: true, publicId: true } });
  const ids: string[] = [];
  for (const run of inflight) ids.push(await markRunCancelled(tx, run));
  return ids;
}

/** The host's sweep: advance every running dataset run (runs cancelled or lost to a crash end without their own step). */
export async function sweepDatasetRuns(db: Db, deps: RunDeps): Promise<void> {
  const running = await db.datasetRun.findMany({ where: { status: "running" }, select: { id: true } });
  for (const r of running) await advanceDatasetRun(db, r, deps);
}

export function startDatasetSweep(db: Db, deps: RunDeps, log: (msg: string) => void, everyMs = 5_000): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await sweepDatasetRuns(db, deps);
    } catch (e) {
      log(`dataset runs: sweep failed, will retry: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
