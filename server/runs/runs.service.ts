import { BatonEvents, ExecutionPlan, validateData, type ContractIssue } from "@/core";
import type { Db } from "@/server/db/client";
import { assertRunInputSize } from "./run-input-limit";
import { assertDailyBudget } from "./daily-budget";
import { AppError } from "@/server/errors";
import type { EventSender } from "@/server/runtime/events";
import { publicId } from "@/server/runtime/ids";
import { crashPoint } from "@/server/runtime/crash-hook";
import { afterCommit, enqueueEvent, outboxFor, type DbTx, type OutboxEventInput } from "@/server/outbox/outbox";
import { rerunChain, reusedNodeIds } from "@/server/runtime/rerun-chain";
import type { RunRequestedData } from "@/server/runtime/run-events";
import type { RunView, StartRunResult } from "./runs.schema";
import { readRunDetail, readRunEscalations, readRunSteps, type StepDetailRow } from "./run-detail-sql";

/** The list lives in runs-list.ts (keyset paging at volume); re-exported for existing callers. */
export { listRuns, listRunsPage } from "./runs-list";
import { toSummary } from "./runs-list";

/**
 * Runs: created here (queued) and handed to the engine with `baton/run.requested` through the
 * outbox (written in the run's own transaction), pinned to a version; the process function moves
 * them through running / waiting to their end state.
 */
export type RunTrigger = "api" | "webhook" | "cron" | "ui" | "subprocess" | "rerun";
export interface RunDeps {
  events: EventSender;
  /** BATON_MAX_RUN_INPUT_BYTES; the default when absent. */
  maxRunInputBytes?: number;
  /** Epoch ms; the clock the daily budget's UTC day is read from (the runtime's clock; Date.now when absent). */
  now?: () => number;
}

const TERMINAL = ["completed", "failed", "cancelled"];

function inputError(issues: ContractIssue[]): AppError {
  const fieldErrors: Record<string, string[]> = {};
  for (const i of issues) (fieldErrors[i.path ? `input.${i.path}` : "input"] ??= []).push(i.message);
  return new AppError("BAD_REQUEST", `The input does not match the process's trigger schema: ${issues.map((i) => i.message).join("; ")}`, { fieldErrors, issues });
}

async function latestVersion(db: Db, slug: string) {
  const process = await db.process.findFirst({ where: { OR: [{ slug }, { publicId: slug }], archivedAt: null } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${slug}". List processes with GET /api/v1/processes.`, { slug });
  const version = await db.processVersion.findFirst({ where: { processId: process.id, kind: "published" }, orderBy: { version: "desc" } });
  if (!version) throw new AppError("PRECONDITION_FAILED", `"${process.slug}" has no published version yet. Publish it first (POST /api/v1/processes/${process.slug}/publish).`);
  return { process, version };
}

/**
 * Start a run of the latest published version. The input is checked against the trigger schema
 * first (400 with field errors); the same idempotency key returns the earlier run.
 */
export async function startRun(
  db: Db,
  params: { slug: string; input: unknown; idempotencyKey?: string; trigger: RunTrigger },
  deps: RunDeps,
): Promise<StartRunResult> {
  const { process, version } = await latestVersion(db, params.slug);
  if (params.idempotencyKey) {
    const existing = await db.run.findUnique({
      where: { processId_idempotencyKey: { processId: process.id, idempotencyKey: params.idempotencyKey } },
      include: { version: { select: { version: true } } },
    });
    if (existing) {
      // A retry is also a nudge: if this run's event is still in the outbox, try it now.
      if (existing.status === "queued") outboxFor(db, deps.events).kick();
      return { runId: existing.publicId, status: existing.status as StartRunResult["status"], version: existing.version.version, created: false };
    }
  }
  assertRunInputSize(params.input, deps.maxRunInputBytes);
  const plan = ExecutionPlan.parse(version.plan);
  const issues = validateData(plan.inputSchema, params.input);
  if (issues.length) throw inputError(issues);
  await assertDailyBudget(db, process, version.graph, new Date(deps.now?.() ?? Date.now()));

  let run;
  let outboxId: string;
  try {
    // The run row and its `baton/run.requested` commit together: a crash after this cannot leave a
    // run that never starts (the outbox delivers the event at the next start-up at the latest).
    ({ run, outboxId } = await db.$transaction(async (tx) => {
      const run = await tx.run.create({
        data: {
          publicId: publicId("run"),
          processId: process.id,
          versionId: version.id,
          input: JSON.parse(JSON.stringify(params.input ?? null)) as object,
          trigger: params.trigger,
          idempotencyKey: params.idempotencyKey ?? null,
        },
      });
      const outboxId = await enqueueEvent(tx, runRequested({
        runId: run.publicId,
        runDbId: run.id,
        process: process.slug,
        version: version.version,
        input: params.input ?? null,
        ...(params.idempotencyKey ? { idempotencyKey: params.idempotencyKey } : {}),
      }));
      return { run, outboxId };
    }));
  } catch (e) {
    // Two requests with one key at the same moment: the unique index lets one through; return it.
    if (params.idempotencyKey) {
      const existing = await db.run.findUnique({ where: { processId_idempotencyKey: { processId: process.id, idempotencyKey: params.idempotencyKey } } });
      if (existing) return { runId: existing.publicId, status: existing.status as StartRunResult["status"], version: version.version, created: false };
    }
    throw e;
  }
  crashPoint("start-run-committed");
  await afterCommit(db, deps.events, [outboxId]);
  return { runId: run.publicId, status: "queued", version: version.version, created: true };
}

function runRequested(data: RunRequestedData): OutboxEventInput {
  return { name: BatonEvents.runRequested, id: `run-${data.runId}`, data: data as unknown as Record<string, unknown> };
}

const runInclude = {
  process: { select: { slug: true } },
  version: { select: { version: true } },
} as const;

async function findRun(db: Db, runId: string) {
  const run = await db.run.findUnique({ where: { publicId: runId }, include: runInclude });
  if (!run) throw new AppError("NOT_FOUND", `No run "${runId}".`, { runId });
  return run;
}

type StepRow = StepDetailRow;
type StepView = RunView["steps"][number];
const stepOrder = [{ startedAt: "asc" }, { stepId: "asc" }, { attempt: "asc" }] as const;

function stepView(s: StepRow, reusedFromRunId: string | null): StepView {
  return {
    nodeId: s.nodeId,
    stepId: s.stepId,
    kind: s.kind,
    attempt: s.attempt,
    status: s.status,
    input: s.input ?? null,
    output: s.output ?? null,
    provider: s.provider,
    model: s.model,
    inputTokens: s.inputTokens,
    cachedInputTokens: s.cachedInputTokens,
    outputTokens: s.outputTokens,
    costUsd: s.costUsd,
    latencyMs: Number(s.latencyMs),
    error: s.error ?? null,
    detail: s.detail ?? null,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    reused: reusedFromRunId !== null,
    reusedFromRunId,
  };
}

/**
 * The records a rerun reused instead of executing: for every node before its start node, the
 * records of the nearest run in the rerun chain that has any (the same source the runtime took
 * the results from). Steps the rerun recorded itself are left out.
 */
async function reusedSteps(db: Db, run: { rerunOfId: string | null; rerunFromNodeId: string | null }, plan: ExecutionPlan | null, own: StepRow[]): Promise<StepView[]> {
  if (!run.rerunOfId || !run.rerunFromNodeId || !plan) return [];
  const ownStepIds = new Set(own.map((s) => s.stepId));
  let pending = [...reusedNodeIds(plan, run.rerunFromNodeId)];
  const out: StepView[] = [];
  for (const source of await rerunChain(db, run.rerunOfId)) {
    if (pending.length === 0) break;
    const rows = await db.stepRecord.findMany({ where: { runId: source.id, nodeId: { in: pending } }, orderBy: [...stepOrder] });
    const found = new Set(rows.map((r) => r.nodeId));
    out.push(...rows.filter((r) => !ownStepIds.has(r.stepId)).map((r) => stepView({ ...r, latencyMs: Number(r.latencyMs) }, source.publicId)));
    pending = pending.filter((n) => !found.has(n));
  }
  return out.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.stepId.localeCompare(b.stepId) || a.attempt - b.attempt);
}

/**
 * A run with its step records (every attempt, in order), totals and outcome. A rerun also lists
 * the records it reused (first, `reused: true`); they are not part of its totals.
 */
export async function getRun(db: Db, params: { runId: string }): Promise<RunView> {
  // Plain SQL, on SQLite on the read worker thread: opening a run never blocks the event loop (run-detail-sql.ts).
  const run = await readRunDetail(db, params.runId);
  if (!run) throw new AppError("NOT_FOUND", `No run "${params.runId}".`, { runId: params.runId });
  const [steps, escalations] = await Promise.all([readRunSteps(db, run.id), readRunEscalations(db, run.id)]);
  // Only a rerun needs the plan (which steps came before its start node); it is read for reruns only.
  const plan = run.rerunOfId && run.rerunFromNodeId ? await planOf(db, run.versionId) : null;
  const reused = await reusedSteps(db, run, plan, steps);
  const base = toSummary(run);
  return {
    ...base,
    totals: { ...base.totals, reusedCostUsd: reused.reduce((sum, s) => sum + s.costUsd, 0) },
    input: run.input,
    inputSchema: run.inputSchema,
    output: run.output,
    error: run.error,
    rerunOf: run.rerunOfPublicId,
    rerunFromNodeId: run.rerunFromNodeId,
    steps: [...reused, ...steps.map((s) => stepView(s, null))],
    escalations,
  };
}

async function planOf(db: Db, versionId: string): Promise<ExecutionPlan | null> {
  const version = await db.processVersion.findUnique({ where: { id: versionId }, select: { plan: true } });
  const parsed = ExecutionPlan.safeParse(version?.plan);
  return parsed.success ? parsed.data : null;
}

/**
 * Cancel through the functions' cancelOn rule (`baton/run.cancel-requested` matching
 * `data.runId`), so it works the same on Inngest Cloud. The row is marked at once.
 */
export async function cancelRun(db: Db, params: { runId: string }, deps: RunDeps): Promise<RunView> {
  const run = await findRun(db, params.runId);
  if (TERMINAL.includes(run.status)) {
    throw new AppError("CONFLICT", `Run ${run.publicId} already ${run.status}; there is nothing to cancel.`, { status: run.status });
  }
  const outboxId = await db.$transaction((tx) => markRunCancelled(tx, run));
  await afterCommit(db, deps.events, [outboxId]);
  return getRun(db, params);
}

/** Inside the caller's transaction: the run and its open escalations cancelled, the engine told through the outbox. */
export async function markRunCancelled(tx: DbTx, run: { id: string; publicId: string }): Promise<string> {
  await tx.run.update({ where: { id: run.id }, data: { status: "cancelled", endedAt: new Date() } });
  await tx.escalation.updateMany({ where: { runId: run.id, status: "open" }, data: { status: "cancelled" } });
  return enqueueEvent(tx, { name: BatonEvents.runCancelRequested, id: `cancel-${run.publicId}`, data: { runId: run.publicId } });
}

/**
 * A new run of the same version that reuses the earlier run's results for every step before
 * `fromNodeId` (they are not executed or billed again) and executes from that node on.
 */
export async function rerunFromNode(
  db: Db,
  params: { runId: string; fromNodeId: string; input?: unknown },
  deps: RunDeps,
): Promise<StartRunResult> {
  const source = await db.run.findUnique({ where: { publicId: params.runId }, include: { ...runInclude, version: true } });
  if (!source) throw new AppError("NOT_FOUND", `No run "${params.runId}".`, { runId: params.runId });
  // A test run ran a draft that no published function serves: test again from the designer instead.
  if (source.kind === "test") throw new AppError("BAD_REQUEST", `Run ${source.publicId} is a test run of a draft; start another test run from the designer instead of a rerun.`);
  if (source.kind === "dataset") throw new AppError("BAD_REQUEST", `Run ${source.publicId} belongs to a dataset run; launch the dataset again from the calculator instead of a rerun.`);
  if (!TERMINAL.includes(source.status)) {
    throw new AppError("CONFLICT", `Run ${source.publicId} is still ${source.status}. Rerun it once it has finished, or cancel it first.`);
  }
  const plan = ExecutionPlan.parse(source.version.plan);
  if (!plan.steps.some((s) => s.id === params.fromNodeId)) {
    throw new AppError("BAD_REQUEST", `"${params.fromNodeId}" is not a step of ${source.process.slug} v${source.version.version}. Steps: ${plan.steps.map((s) => s.id).join(", ")}.`, {
      fieldErrors: { fromNodeId: ["Unknown step"] },
    });
  }
  const input = params.input === undefined ? source.input : params.input;
  assertRunInputSize(input, deps.maxRunInputBytes);
  const issues = validateData(plan.inputSchema, input);
  if (issues.length) throw inputError(issues);
  // A rerun is a new production run: it counts against today's budget of the latest version's settings.
  const latest = await db.processVersion.findFirst({ where: { processId: source.processId, kind: "published" }, orderBy: { version: "desc" }, select: { graph: true } });
  await assertDailyBudget(db, { id: source.processId, slug: source.process.slug }, latest?.graph ?? source.version.graph, new Date(deps.now?.() ?? Date.now()));
  const { run, outboxId } = await db.$transaction(async (tx) => {
    const run = await tx.run.create({
      data: {
        publicId: publicId("run"),
        processId: source.processId,
        versionId: source.versionId,
        input: JSON.parse(JSON.stringify(input ?? null)) as object,
        trigger: "rerun",
        rerunOfId: source.id,
        rerunFromNodeId: params.fromNodeId,
      },
    });
    const outboxId = await enqueueEvent(tx, runRequested({
      runId: run.publicId,
      runDbId: run.id,
      process: source.process.slug,
      version: source.version.version,
      input,
      rerunOf: { runDbId: source.id, fromNodeId: params.fromNodeId },
    }));
    return { run, outboxId };
  });
  await afterCommit(db, deps.events, [outboxId]);
  return { runId: run.publicId, status: "queued", version: source.version.version, created: true };
}

/** Webhook trigger: the token in the URL identifies the process (no API key). */
export async function startRunFromWebhook(db: Db, params: { token: string; readBody: () => Promise<unknown>; idempotencyKey?: string }, deps: RunDeps) {
  const process = await db.process.findUnique({ where: { webhookToken: params.token } });
  if (!process || process.archivedAt) throw new AppError("NOT_FOUND", "Unknown webhook URL. Copy it again from the process page.");
  // The token is the credential: the body is read only once it has been checked.
  const body = ((await params.readBody()) ?? {}) as Record<string, unknown>;
  // Accept `{ input: … }` or the bare input object.
  const input = body && typeof body === "object" && "input" in body ? body.input : body;
  return startRun(db, { slug: process.slug, input, idempotencyKey: params.idempotencyKey, trigger: "webhook" }, deps);
}

/**
 * The child run of a subprocess step (created inside the parent's step): pinned to the named
 * version or the latest one, input checked against its trigger schema. Returns the event data
 * the child's function runs with (it is started by `step.invoke`, not by an event).
 */
export async function createSubprocessRun(db: Db, params: { parentRunDbId: string; process: string; version?: number; input: unknown }): Promise<RunRequestedData> {
  const process = await db.process.findUnique({ where: { slug: params.process } });
  if (!process) throw new Error(`Process "${params.process}" does not exist.`);
  const version = await db.processVersion.findFirst({
    where: { processId: process.id, kind: "published", ...(params.version ? { version: params.version } : {}) },
    orderBy: { version: "desc" },
  });
  if (!version) throw new Error(`Process "${params.process}" has no published version${params.version ? ` ${params.version}` : ""}.`);
  assertRunInputSize(params.input, undefined, `The input for subprocess "${params.process}"`);
  const issues = validateData(ExecutionPlan.parse(version.plan).inputSchema, params.input);
  if (issues.length) throw new Error(`The input for "${params.process}" does not match its trigger schema: ${issues.map((i) => i.message).join("; ")}`);
  // A test or dataset run's children are of the same kind, so they stay out of analytics too.
  const parent = await db.run.findUnique({ where: { id: params.parentRunDbId }, select: { kind: true } });
  const run = await db.run.create({
    data: {
      publicId: publicId("run"),
      processId: process.id,
      versionId: version.id,
      input: JSON.parse(JSON.stringify(params.input ?? null)) as object,
      trigger: "subprocess",
      parentRunId: params.parentRunDbId,
      kind: parent?.kind ?? "run",
    },
  });
  return { runId: run.publicId, runDbId: run.id, process: process.slug, version: version.version, input: params.input ?? null };
}
