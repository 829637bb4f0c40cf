import type { Db, Prisma } from "@/server/db/client";
import { applyRecordChange, inTransaction, RECORD_FIELDS } from "@/server/analytics/rollup";

/**
 * Step records are written from inside the function's own steps (the step services), so they
 * are the same whether the function runs on the embedded engine or on Inngest Cloud. Writes are
 * upserts on (run, step, attempt): a step callback that Inngest re-executes rewrites its row.
 * The analytics rollups move in the same transaction, by the record's new state minus its old one,
 * so a rewrite never counts twice (server/analytics/rollup.ts).
 */
export interface StepRecordWrite {
  runDbId: string;
  nodeId: string;
  stepId: string;
  kind: string;
  attempt: number;
  status: "running" | "succeeded" | "failed" | "skipped" | "waiting";
  input?: unknown;
  output?: unknown;
  provider?: string | null;
  model?: string | null;
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  latencyMs?: number;
  error?: unknown;
  detail?: unknown;
  startedAt: Date;
  endedAt?: Date | null;
}

const json = (v: unknown) => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as object));

export async function writeStepRecord(db: Db | Prisma.TransactionClient, r: StepRecordWrite): Promise<void> {
  const data = {
    nodeId: r.nodeId,
    kind: r.kind,
    status: r.status,
    input: json(r.input),
    output: json(r.output),
    provider: r.provider ?? null,
    model: r.model ?? null,
    inputTokens: r.inputTokens ?? 0,
    cachedInputTokens: r.cachedInputTokens ?? 0,
    outputTokens: r.outputTokens ?? 0,
    costUsd: r.costUsd ?? 0,
    latencyMs: Math.max(0, Math.round(r.latencyMs ?? 0)),
    error: json(r.error),
    detail: json(r.detail),
    startedAt: r.startedAt,
    endedAt: r.endedAt ?? null,
  };
  const where = { runId_stepId_attempt: { runId: r.runDbId, stepId: r.stepId, attempt: r.attempt } };
  await inTransaction(db, async (tx) => {
    const before = await tx.stepRecord.findUnique({ where, select: RECORD_FIELDS });
    const after = await tx.stepRecord.upsert({ where, create: { runId: r.runDbId, stepId: r.stepId, attempt: r.attempt, ...data }, update: data, select: RECORD_FIELDS });
    await applyRecordChange(tx, r.runDbId, r.stepId, before && recordState(before), recordState(after));
    await refreshRunTotals(tx, r.runDbId);
  });
}

/** The column is a BigInt (a human step can wait for weeks); every figure read from it fits a JS number. */
const recordState = <T extends { latencyMs: bigint }>(row: T): Omit<T, "latencyMs"> & { latencyMs: number } => ({ ...row, latencyMs: Number(row.latencyMs) });

/** Ends a run's open (running / waiting) records as failed, moving the analytics rollups with them. */
export async function failOpenStepRecords(db: Db, runDbId: string, error: object, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    const open = await tx.stepRecord.findMany({ where: { runId: runDbId, status: { in: ["running", "waiting"] } }, select: { id: true, stepId: true, ...RECORD_FIELDS } });
    for (const { id, stepId, ...row } of open) {
      const before = recordState(row);
      await tx.stepRecord.update({ where: { id }, data: { status: "failed", error, endedAt: now } });
      await applyRecordChange(tx, runDbId, stepId, before, { ...before, status: "failed" });
    }
  });
}

/** Totals are recomputed from the records (not incremented), so a rewritten record never counts twice. */
export async function refreshRunTotals(db: Db | Prisma.TransactionClient, runDbId: string): Promise<void> {
  const sums = await db.stepRecord.aggregate({
    where: { runId: runDbId },
    _sum: { costUsd: true, inputTokens: true, cachedInputTokens: true, outputTokens: true },
  });
  await db.run.update({
    where: { id: runDbId },
    data: {
      costUsd: sums._sum.costUsd ?? 0,
      inputTokens: sums._sum.inputTokens ?? 0,
      cachedTokens: sums._sum.cachedInputTokens ?? 0,
      outputTokens: sums._sum.outputTokens ?? 0,
    },
  });
}
