import { NonRetriableError, type Inngest, type InngestFunction } from "inngest";
import { BatonEvents, ExecutionPlan } from "@/core";
import { executeRun, markRunCrashed, ProcessRunFailed } from "@/server/runtime/execute-run";
import type { InngestStepTools } from "@/server/runtime/inngest-port";
import { RunRequestedData, TEST_RUN_REQUESTED } from "@/server/runtime/run-events";
import { startRun } from "@/server/runs/runs.service";
import type { RuntimeDeps } from "@/server/runtime/runtime-deps";

export interface PublishedVersion {
  id: string;
  slug: string;
  version: number;
  plan: unknown;
}

type Options = Parameters<Inngest.Any["createFunction"]>[0];

/**
 * One Inngest function per published process version (`<slug>-v<n>`), configured from the
 * plan's functionConfig: its trigger only accepts `baton/run.requested` for that slug and
 * version, so a run stays on the version it started on while newer ones are published.
 */
export function createProcessFunction(client: Inngest.Any, published: PublishedVersion, deps: RuntimeDeps): InngestFunction.Any {
  // Stored plans are parsed with their schema, never trusted as `any`.
  const plan = ExecutionPlan.parse(published.plan);
  const fc = plan.functionConfig;
  const options = {
    id: fc.id,
    name: fc.name,
    triggers: fc.triggers.map((t) => ({ event: t.event, ...(t.if ? { if: t.if } : {}) })),
    retries: fc.retries,
    ...(fc.concurrency ? { concurrency: fc.concurrency } : {}),
    ...(fc.timeouts ? { timeouts: fc.timeouts } : {}),
    ...(fc.idempotency ? { idempotency: fc.idempotency } : {}),
    cancelOn: fc.cancelOn.map((c) => ({ event: c.event, ...(c.if ? { if: c.if } : {}), ...(c.match ? { match: c.match } : {}), ...(c.timeout ? { timeout: c.timeout } : {}) })),
    onFailure: async ({ event, error }: { event: { data: { event?: { data?: unknown } } }; error: Error }) => {
      const original = RunRequestedData.safeParse(event.data.event?.data);
      if (original.success) await markRunCrashed(deps.db, original.data.runDbId, error.message);
    },
  } as unknown as Options;

  return client.createFunction(options, async ({ event, step, runId }: { event: { data: unknown }; step: unknown; runId: string }) => {
    try {
      return await executeRun({ event, step: step as InngestStepTools, runId }, plan, deps);
    } catch (error) {
      // A process failure is an outcome, already recorded: retrying the function would not change it.
      if (error instanceof ProcessRunFailed) throw new NonRetriableError(error.message, { cause: error.result.error });
      throw error;
    }
  }) as unknown as InngestFunction.Any;
}

export function createProcessFunctions(
  client: Inngest.Any,
  versions: readonly PublishedVersion[],
  deps: RuntimeDeps,
  schedules: ReadonlyArray<{ slug: string; cron: string }> = [],
): InngestFunction.Any[] {
  return [
    ...versions.map((v) => createProcessFunction(client, v, deps)),
    ...schedules.map((s) => createScheduleFunction(client, s, deps)),
    createTestRunFunction(client, deps),
  ];
}

/**
 * `baton-test-run`: runs a designer test run of a draft. One function for every process: it reads
 * the plan from the run's hidden test version (immutable, keyed by plan hash), so testing a draft
 * needs no publish and no re-sync. No retries: a test run shows the first failure as it is.
 */
export function createTestRunFunction(client: Inngest.Any, deps: RuntimeDeps): InngestFunction.Any {
  const options = {
    id: "baton-test-run",
    name: "Designer test runs",
    triggers: [{ event: TEST_RUN_REQUESTED }],
    retries: 0,
    cancelOn: [{ event: BatonEvents.runCancelRequested, match: "data.runId" }],
    onFailure: async ({ event, error }: { event: { data: { event?: { data?: unknown } } }; error: Error }) => {
      const original = RunRequestedData.safeParse(event.data.event?.data);
      if (original.success) await markRunCrashed(deps.db, original.data.runDbId, error.message);
    },
  } as unknown as Options;
  return client.createFunction(options, async ({ event, step, runId }: { event: { data: unknown }; step: unknown; runId: string }) => {
    const data = RunRequestedData.parse(event.data);
    const run = await deps.db.run.findUniqueOrThrow({ where: { id: data.runDbId }, select: { kind: true, version: { select: { plan: true } } } });
    try {
      // Pins are honoured only for runs marked test.
      return await executeRun({ event, step: step as InngestStepTools, runId }, ExecutionPlan.parse(run.version.plan), deps, { test: run.kind === "test" });
    } catch (error) {
      if (error instanceof ProcessRunFailed) throw new NonRetriableError(error.message, { cause: error.result.error });
      throw error;
    }
  }) as unknown as InngestFunction.Any;
}

/**
 * A process's cron trigger: a `<slug>-schedule` function that starts a run of the latest version
 * with the stored input (read when it fires, so changing the input needs no re-sync).
 */
export function createScheduleFunction(client: Inngest.Any, schedule: { slug: string; cron: string }, deps: RuntimeDeps): InngestFunction.Any {
  const options = { id: `${schedule.slug}-schedule`, name: `Schedule: ${schedule.slug}`, triggers: [{ cron: schedule.cron }], retries: 3 } as unknown as Options;
  return client.createFunction(options, async ({ step, runId }: { step: unknown; runId: string }) => {
    const tools = step as InngestStepTools;
    return tools.run("start-run", async () => {
      const row = await deps.db.process.findUnique({ where: { slug: schedule.slug }, select: { cronInput: true } });
      // Keyed by this firing (the engine's run id): a step re-executed after a crash returns the
      // run it already created (whose start the outbox guarantees) instead of starting a second one.
      return startRun(deps.db, { slug: schedule.slug, input: row?.cronInput ?? {}, idempotencyKey: `cron-${runId}`, trigger: "cron" }, deps);
    });
  }) as unknown as InngestFunction.Any;
}
