import { compileGraph, validateData, ExecutionPlan } from "@/core";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { afterCommit, enqueueEvent } from "@/server/outbox/outbox";
import { assertRunInputSize } from "@/server/runs/run-input-limit";
import type { RunDeps } from "@/server/runs/runs.service";
import { publicId } from "@/server/runtime/ids";
import { TEST_RUN_REQUESTED, type RunRequestedData } from "@/server/runtime/run-events";
import { buildValidationContext } from "@/server/settings/settings.service";
import { nodeSha256 } from "./processes.service";

/**
 * The designer's "Test run": the CURRENT DRAFT runs without being published. The draft is
 * compiled into a hidden test version (kind "test", negative number, one per plan hash, so an
 * unchanged draft reuses it), and the run (kind "test") is started through the single
 * `baton-test-run` function, which reads the plan from that version: nothing is re-synced and
 * nothing a user or the API sees as a version changes. Pinned outputs are snapshotted into the
 * run's event, so a pin changed mid-run does not change that run.
 */
export async function startTestRun(db: Db, params: { slug: string; input: unknown }, deps: RunDeps): Promise<{ runId: string; planHash: string }> {
  const process = await db.process.findFirst({ where: { slug: params.slug, archivedAt: null } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${params.slug}".`, { slug: params.slug });
  assertRunInputSize(params.input, deps.maxRunInputBytes);
  const { compiled, version } = await draftTestVersion(db, process, "test-run");
  const issues = validateData(compiled.plan.inputSchema, params.input);
  if (issues.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of issues) (fieldErrors[i.path ? `input.${i.path}` : "input"] ??= []).push(i.message);
    throw new AppError("BAD_REQUEST", `The test input does not match the trigger's input schema: ${issues.map((i) => i.message).join("; ")}`, { fieldErrors, issues });
  }
  const pinned = pinsFor(process.testPins, compiled.plan);
  const input = JSON.parse(JSON.stringify(params.input ?? null)) as object;
  const { run, outboxId } = await db.$transaction(async (tx) => {
    // The last test input prefills the next test run's form.
    await tx.process.update({ where: { id: process.id }, data: { testInput: input } });
    const run = await tx.run.create({ data: { publicId: publicId("run"), processId: process.id, versionId: version.id, input, trigger: "ui", kind: "test" } });
    const data: RunRequestedData = { runId: run.publicId, runDbId: run.id, process: process.slug, version: version.version, input: params.input ?? null, ...(pinned ? { pinned } : {}) };
    const outboxId = await enqueueEvent(tx, { name: TEST_RUN_REQUESTED, id: `run-${run.publicId}`, data: data as unknown as Record<string, unknown> });
    return { run, outboxId };
  });
  await afterCommit(db, deps.events, [outboxId]);
  return { runId: run.publicId, planHash: compiled.hash };
}

/**
 * The draft compiled as it would be published next, stored as (or found as) its hidden test version.
 * Test runs and dataset runs of the draft run it without publishing.
 */
export async function draftTestVersion(db: Db, process: { id: string; slug: string; draft: unknown }, what: "test-run" | "dataset-run") {
  const latest = await db.processVersion.findFirst({ where: { processId: process.id, kind: "published" }, orderBy: { version: "desc" }, select: { version: true } });
  // Compiled as the draft would be published next, so the run exercises exactly that plan.
  const graph = { ...(process.draft as Record<string, unknown>), slug: process.slug, version: (latest?.version ?? 0) + 1 };
  const compiled = compileGraph(graph, await buildValidationContext(db), { sha256: nodeSha256 });
  if (!compiled.ok) {
    const errors = compiled.diagnostics.filter((d) => d.severity === "error");
    throw new AppError("BAD_REQUEST", `The draft cannot be ${what === "test-run" ? "test-run" : "run over a dataset"}: ${errors.length} error(s) in the graph. ${errors[0]?.message ?? ""} Fix them and try again.`, {
      diagnostics: compiled.diagnostics,
    });
  }
  return { compiled, version: await testVersionFor(db, process.id, graph, compiled.plan, compiled.hash) };
}

/** The pins that still name an LLM or tool step of this plan (a pin of a deleted node is ignored). */
function pinsFor(stored: unknown, plan: ExecutionPlan): Record<string, unknown> | undefined {
  if (!stored || typeof stored !== "object") return undefined;
  const pinnable = new Set(plan.steps.filter((s) => s.node.kind === "llm" || s.node.kind === "tool").map((s) => s.id));
  const out = Object.fromEntries(Object.entries(stored as Record<string, unknown>).filter(([id]) => pinnable.has(id)));
  return Object.keys(out).length ? out : undefined;
}

async function testVersionFor(db: Db, processId: string, graph: object, plan: ExecutionPlan, hash: string) {
  for (let attempt = 0; ; attempt++) {
    const existing = await db.processVersion.findFirst({ where: { processId, kind: "test", planHash: hash } });
    if (existing) return existing;
    const lowest = await db.processVersion.findFirst({ where: { processId, kind: "test" }, orderBy: { version: "asc" }, select: { version: true } });
    try {
      return await db.processVersion.create({
        data: {
          processId,
          kind: "test",
          version: Math.min(lowest?.version ?? 0, 0) - 1,
          graph: graph as object,
          plan: JSON.parse(JSON.stringify(plan)) as object,
          planHash: hash,
          functionConfig: JSON.parse(JSON.stringify(plan.functionConfig)) as object,
        },
      });
    } catch (e) {
      // Two test runs of a new draft at once took the same number: read again (once).
      if (attempt > 0) throw e;
    }
  }
}

/** Pin (or, with `output: undefined`, unpin) a step's output for the next test runs of the draft. */
export async function setTestPin(db: Db, params: { slug: string; nodeId: string; output?: unknown }): Promise<{ pins: Record<string, unknown> }> {
  const process = await db.process.findFirst({ where: { slug: params.slug, archivedAt: null } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${params.slug}".`, { slug: params.slug });
  const pins = { ...((process.testPins as Record<string, unknown> | null) ?? {}) };
  if (params.output === undefined) delete pins[params.nodeId];
  else pins[params.nodeId] = JSON.parse(JSON.stringify(params.output)) as unknown;
  await db.process.update({ where: { id: process.id }, data: { testPins: pins as object } });
  return { pins };
}

/** What the designer's test panel starts from: the last test input and the pins. */
export async function getTestState(db: Db, params: { slug: string }): Promise<{ input: unknown; pins: Record<string, unknown> }> {
  const process = await db.process.findFirst({ where: { slug: params.slug, archivedAt: null }, select: { testInput: true, testPins: true } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${params.slug}".`, { slug: params.slug });
  return { input: process.testInput ?? null, pins: (process.testPins as Record<string, unknown> | null) ?? {} };
}
