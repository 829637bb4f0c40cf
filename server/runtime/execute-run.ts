import { BatonEvents, functionIdFor, interpretPlan, type ExecutionPlan, type RunResult, type StepPort } from "@/core";
import { createSubprocessRun } from "@/server/runs/runs.service";
import type { Db } from "@/server/db/client";
import { createEscalation, markEscalationTimedOut } from "@/server/escalations/escalations.service";
import { escalateEscalationRole } from "@/server/escalations/sla.service";
import { loadPriceTable } from "@/server/settings/settings.service";
import type { PriceRow } from "@/server/pricing/price-table";
import { createInngestPort, type InngestStepTools } from "./inngest-port";
import { loadReuse } from "./reuse";
import { RunRequestedData } from "./run-events";
import type { RuntimeDeps } from "./runtime-deps";
import { AttemptCounter, baseStepId, nodeIdOf } from "./step-ids";
import { failOpenStepRecords, refreshRunTotals, writeStepRecord } from "./step-records";
import { createStepServices } from "./step-services";
import { advanceDatasetRun } from "@/server/datasets/dataset-pump";

/** Thrown when the process run failed: the function fails too (without retries), and invoke callers see it. */
export class ProcessRunFailed extends Error {
  constructor(
    message: string,
    readonly result: Extract<RunResult, { status: "failed" }>,
  ) {
    super(message);
    this.name = "ProcessRunFailed";
  }
}

/**
 * The body of every process function: mark the run started (and snapshot the price table so
 * budget estimates replay identically), interpret the pinned plan over the Inngest port, then
 * store the outcome. Runs only inside Inngest's handler; every side effect is inside a step.
 */
export async function executeRun(
  ctx: { event: { data: unknown }; step: InngestStepTools; runId: string },
  plan: ExecutionPlan,
  deps: RuntimeDeps,
  /** `test`: a designer test run; only then are the event's pinned outputs used. */
  mode: { test?: boolean } = {},
): Promise<Record<string, unknown>> {
  const data = RunRequestedData.parse(ctx.event.data);
  const { db } = deps;
  const prices = (await ctx.step.run("baton/started", async () => {
    await markRunStarted(db, data.runDbId, ctx.runId);
    return loadPriceTable(db);
  })) as PriceRow[];

  const reuse = data.rerunOf ? await loadReuse(db, { sourceRunDbId: data.rerunOf.runDbId, plan, fromNodeId: data.rerunOf.fromNodeId }) : undefined;
  const attempts = new AttemptCounter();
  const port = createInngestPort(ctx.step, {
    attempts,
    reuse,
    async escalationRequested(escalation) {
      await createEscalation(db, { runDbId: data.runDbId, data: escalation });
      await deps.events.send({ name: BatonEvents.escalationRequested, id: `request-${escalation.escalationId}`, data: { ...escalation } });
    },
    escalationTimedOut: (stepId) => markEscalationTimedOut(db, { runDbId: data.runDbId, stepId }),
    async escalationEscalated({ stepId, role, after }) {
      const resent = await escalateEscalationRole(db, { runDbId: data.runDbId, stepId, role, after });
      // Decided in the moment between the first wait ending and this batch: deliver the decision again to the wait issued with this step.
      if (resent) await deps.events.send(resent);
    },
    async createChildRun(options) {
      const child = await createSubprocessRun(db, { parentRunDbId: data.runDbId, ...options });
      // A dataset run on the simulator keeps its children offline too.
      return { functionId: functionIdFor(child.process, child.version), data: { ...child, ...(data.simulate ? { simulate: true } : {}) } as unknown as Record<string, unknown> };
    },
  });
  const services = createStepServices(deps, { runId: data.runId, runDbId: data.runDbId, plan, prices, attempts, ...(data.simulate ? { simulate: true } : {}) });
  const pinned = mode.test ? data.pinned : undefined;
  const result = await interpretPlan(plan, {
    runId: data.runId,
    input: data.input,
    port: pinned ? recordingPins(port, plan, db, data.runDbId) : port,
    services,
    ...(pinned ? { pinned } : {}),
  });

  await ctx.step.run("baton/finished", () => markRunFinished(db, data.runDbId, result));
  // A dataset run's slot is free: launch the next runs (or close the dataset run). Its own step, so
  // a crash here retries it; the host's sweep covers runs that never reach this line (cancelled).
  if (data.datasetRunId) await ctx.step.run("baton/dataset-next", () => advanceDatasetRun(db, { id: data.datasetRunId! }, deps));
  if (result.status === "failed") throw new ProcessRunFailed(result.error.message, result);
  return result.output;
}

/**
 * A pinned step calls no service, so it would leave no step record: record it here, inside its
 * own port step (written once, like every record), marked `detail.pinned`.
 */
function recordingPins(port: StepPort, plan: ExecutionPlan, db: Db, runDbId: string): StepPort {
  return {
    ...port,
    run<T>(id: string, fn: () => Promise<T>): Promise<T> {
      return port.run(id, async () => {
        const result = await fn();
        const record = result as { ok?: boolean; pinned?: boolean; output?: unknown };
        if (record && record.pinned === true) {
          const nodeId = nodeIdOf(id);
          const kind = plan.steps.find((s) => s.id === nodeId)?.node.kind ?? "llm";
          const now = new Date();
          await writeStepRecord(db, { runDbId, nodeId, stepId: baseStepId(id), kind, attempt: 1, status: "succeeded", output: record.output, costUsd: 0, detail: { portStepId: id, pinned: true }, startedAt: now, endedAt: now });
        }
        return result;
      });
    },
  };
}

export async function markRunStarted(db: Db, runDbId: string, engineRunId: string): Promise<void> {
  await db.run.updateMany({
    where: { id: runDbId, status: "queued" },
    data: { status: "running", startedAt: new Date(), engineRunId },
  });
}

/** Stores the outcome; a run cancelled meanwhile stays cancelled. */
export async function markRunFinished(db: Db, runDbId: string, result: RunResult): Promise<void> {
  await refreshRunTotals(db, runDbId);
  await db.run.updateMany({
    where: { id: runDbId, status: { notIn: ["cancelled"] } },
    data:
      result.status === "completed"
        ? { status: "completed", output: JSON.parse(JSON.stringify(result.output)) as object, endedAt: new Date() }
        : { status: "failed", error: JSON.parse(JSON.stringify(result.error)) as object, endedAt: new Date() },
  });
}

/**
 * The function gave up on an unexpected error (not a process failure): make the run say so, and
 * close what it left open (step records still running or waiting, open escalations), so neither
 * the run view nor the inbox shows work that will never finish. A run already ended is left as is.
 */
export async function markRunCrashed(db: Db, runDbId: string, message: string): Promise<void> {
  const now = new Date();
  const error = { code: "internal", message: `The run stopped on an unexpected error: ${message}` };
  const { count } = await db.run.updateMany({
    where: { id: runDbId, status: { in: ["queued", "running", "waiting"] } },
    data: { status: "failed", error, endedAt: now },
  });
  if (count === 0) return;
  await failOpenStepRecords(db, runDbId, error, now);
  await db.escalation.updateMany({ where: { runId: runDbId, status: "open" }, data: { status: "cancelled" } });
  await refreshRunTotals(db, runDbId);
}
