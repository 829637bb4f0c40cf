import { DATASET_LIMITS, ExecutionPlan, parseDataset, ProcessGraph, validateData, type DataSchema } from "@/core";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { afterCommit } from "@/server/outbox/outbox";
import { draftTestVersion } from "@/server/processes/test-runs.service";
import type { RunDeps } from "@/server/runs/runs.service";
import { publicId } from "@/server/runtime/ids";
import { advanceDatasetRun, stopDatasetRun } from "./dataset-pump";
import { launchDatasetRunInput, type CreateDatasetInput, type LaunchDatasetRunInput } from "./datasets.schema";

/**
 * Datasets (inputs for a process, uploaded or copied from past runs) and the launch and cancel of
 * dataset runs. Rows are checked against the trigger's input schema when stored and again against
 * the target version's schema at launch, each problem with its line, before anything runs.
 */
async function processBySlug(db: Db, slug: string) {
  const process = await db.process.findFirst({ where: { OR: [{ slug }, { publicId: slug }], archivedAt: null } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${slug}".`, { slug });
  return process;
}

/** The trigger input schema a new dataset is checked against: the latest published version's, else the draft's. */
export async function datasetInputSchema(db: Db, process: { id: string; draft: unknown }): Promise<DataSchema> {
  const latest = await db.processVersion.findFirst({ where: { processId: process.id, kind: "published" }, orderBy: { version: "desc" }, select: { plan: true } });
  if (latest) return ExecutionPlan.parse(latest.plan).inputSchema;
  const graph = ProcessGraph.safeParse(process.draft);
  const trigger = graph.success ? graph.data.nodes.find((n) => n.kind === "trigger") : undefined;
  return trigger?.kind === "trigger" ? trigger.inputSchema : { type: "object", properties: {} };
}

export async function createDataset(db: Db, params: CreateDatasetInput) {
  const process = await processBySlug(db, params.slug);
  let inputs: unknown[];
  if (params.source === "runs") {
    const version = params.version ? await db.processVersion.findFirst({ where: { processId: process.id, kind: "published", version: params.version }, select: { id: true } }) : null;
    if (params.version && !version) throw new AppError("NOT_FOUND", `"${process.slug}" has no version ${params.version}.`);
    const runs = await db.run.findMany({
      where: { processId: process.id, kind: "run", ...(version ? { versionId: version.id } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: params.last,
      select: { input: true },
    });
    if (runs.length === 0) throw new AppError("BAD_REQUEST", `"${process.slug}" has no runs${params.version ? ` of version ${params.version}` : ""} to take inputs from. Upload a JSONL or CSV file instead.`);
    inputs = runs.map((r) => r.input).reverse();
  } else {
    const parsed = parseDataset(params.text, params.source, await datasetInputSchema(db, process));
    if (parsed.errors.length) {
      const shown = parsed.errors.slice(0, 20).map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message));
      throw new AppError("BAD_REQUEST", `The file has ${parsed.errors.length} problem(s); nothing was saved. ${shown.join(" | ")}`, { rowErrors: parsed.errors });
    }
    inputs = parsed.inputs;
  }
  const row = await db.dataset.create({
    data: { publicId: publicId("ds"), processId: process.id, name: params.name, source: params.source, inputs: JSON.parse(JSON.stringify(inputs)) as object, size: inputs.length },
  });
  return { id: row.publicId, name: row.name, source: row.source as "jsonl" | "csv" | "runs", size: row.size, createdAt: row.createdAt };
}

export async function listDatasets(db: Db, params: { slug: string }) {
  const process = await processBySlug(db, params.slug);
  const rows = await db.dataset.findMany({ where: { processId: process.id }, orderBy: { createdAt: "desc" }, select: { publicId: true, name: true, source: true, size: true, createdAt: true } });
  return {
    inputSchema: await datasetInputSchema(db, process),
    datasets: rows.map((r) => ({ id: r.publicId, name: r.name, source: r.source as "jsonl" | "csv" | "runs", size: r.size, createdAt: r.createdAt })),
  };
}

export async function launchDatasetRun(db: Db, input: LaunchDatasetRunInput, deps: RunDeps): Promise<{ id: string }> {
  const params = launchDatasetRunInput.parse(input);
  const dataset = await db.dataset.findUnique({ where: { publicId: params.datasetId } });
  if (!dataset) throw new AppError("NOT_FOUND", `No dataset "${params.datasetId}".`);
  const process = await db.process.findUniqueOrThrow({ where: { id: dataset.processId } });
  const total = dataset.size * params.repetitions;
  if (total > DATASET_LIMITS.runs) {
    throw new AppError("BAD_REQUEST", `${dataset.size} inputs × ${params.repetitions} repetitions is ${total} runs; one dataset run launches at most ${DATASET_LIMITS.runs}. Use fewer repetitions or a smaller dataset.`, {
      fieldErrors: { repetitions: [`at most ${Math.floor(DATASET_LIMITS.runs / dataset.size)} for this dataset`] },
    });
  }
  const version =
    params.target === "draft"
      ? (await draftTestVersion(db, process, "dataset-run")).version
      : await db.processVersion.findFirst({ where: { processId: process.id, kind: "published", version: params.target } });
  if (!version) throw new AppError("NOT_FOUND", `"${process.slug}" has no version ${String(params.target)}. Pick a published version or the draft.`);
  // The inputs were checked when stored, but the target's trigger schema may differ: check them against it.
  const schema = ExecutionPlan.parse(version.plan).inputSchema;
  const rowErrors = (dataset.inputs as unknown[]).flatMap((value, i) => {
    const issues = validateData(schema, value);
    return issues.length ? [{ line: i + 1, message: issues.map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)).join("; ") }] : [];
  });
  if (rowErrors.length) {
    throw new AppError("BAD_REQUEST", `${rowErrors.length} input(s) do not match the ${params.target === "draft" ? "draft's" : `version ${params.target}'s`} trigger schema; nothing was launched. First: input ${rowErrors[0]!.line}: ${rowErrors[0]!.message}`, { rowErrors });
  }
  const dsr = await db.datasetRun.create({
    data: {
      publicId: publicId("dsr"),
      datasetId: dataset.id,
      processId: process.id,
      versionId: version.id,
      target: params.target === "draft" ? "draft" : "published",
      provider: params.provider,
      repetitions: params.repetitions,
      concurrency: params.concurrency,
      spendCapUsd: params.spendCapUsd,
      total,
    },
  });
  await advanceDatasetRun(db, { id: dsr.id }, deps);
  return { id: dsr.publicId };
}

/** Stops launching and cancels the runs still going; the results so far stay. */
export async function cancelDatasetRun(db: Db, params: { id: string }, deps: RunDeps): Promise<void> {
  const dsr = await db.datasetRun.findUnique({ where: { publicId: params.id } });
  if (!dsr) throw new AppError("NOT_FOUND", `No dataset run "${params.id}".`);
  if (dsr.status !== "running") throw new AppError("CONFLICT", `Dataset run ${dsr.publicId} already ${dsr.status}; there is nothing to cancel.`, { status: dsr.status });
  const ids = await db.$transaction((tx) => stopDatasetRun(tx, dsr.id, "cancelled", `Cancelled after launching ${dsr.launched} of ${dsr.total} runs.`));
  await afterCommit(db, deps.events, ids);
}
