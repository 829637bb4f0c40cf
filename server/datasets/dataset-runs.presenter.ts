import { datasetResults, ProcessGraph } from "@/core";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { datasetSpend } from "./dataset-pump";
import type { DatasetRunSummary, DatasetRunView } from "./datasets.schema";

/**
 * Dataset runs for the calculator: a process's list, and one run's results. The results read that
 * dataset run's own runs (at most DATASET_LIMITS.runs, so bounded) with their step records and
 * escalations, and derive per-node figures with core's datasetResults: output spread needs the
 * outputs' JSON, which no portable SQL aggregate reads on both dialects.
 */
type Row = Awaited<ReturnType<typeof loadRow>>;

async function loadRow(db: Db, where: { publicId: string } | { id: string }) {
  return db.datasetRun.findUnique({ where: where as { publicId: string }, include: { dataset: { select: { publicId: true, name: true } } } });
}

async function summaryOf(db: Db, dsr: NonNullable<Row>, versionNumber: number): Promise<DatasetRunSummary> {
  return {
    id: dsr.publicId,
    datasetId: dsr.dataset.publicId,
    datasetName: dsr.dataset.name,
    target: dsr.target === "draft" ? "draft" : `v${versionNumber}`,
    provider: dsr.provider as DatasetRunSummary["provider"],
    repetitions: dsr.repetitions,
    concurrency: dsr.concurrency,
    spendCapUsd: dsr.spendCapUsd,
    total: dsr.total,
    launched: dsr.launched,
    status: dsr.status as DatasetRunSummary["status"],
    stopReason: dsr.stopReason,
    spentUsd: await datasetSpend(db, dsr.id),
    createdAt: dsr.createdAt,
    endedAt: dsr.endedAt,
  };
}

export async function listDatasetRuns(db: Db, params: { slug: string }): Promise<DatasetRunSummary[]> {
  const process = await db.process.findFirst({ where: { OR: [{ slug: params.slug }, { publicId: params.slug }] }, select: { id: true } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${params.slug}".`, { slug: params.slug });
  const rows = await db.datasetRun.findMany({ where: { processId: process.id }, orderBy: { createdAt: "desc" }, take: 50, include: { dataset: { select: { publicId: true, name: true } } } });
  const versions = new Map((await db.processVersion.findMany({ where: { id: { in: rows.map((r) => r.versionId) } }, select: { id: true, version: true } })).map((v) => [v.id, v.version]));
  return Promise.all(rows.map((r) => summaryOf(db, r, versions.get(r.versionId) ?? 0)));
}

export async function getDatasetRun(db: Db, params: { id: string }): Promise<DatasetRunView> {
  const dsr = await loadRow(db, { publicId: params.id });
  if (!dsr) throw new AppError("NOT_FOUND", `No dataset run "${params.id}".`);
  const version = await db.processVersion.findUniqueOrThrow({ where: { id: dsr.versionId }, select: { version: true, graph: true, process: { select: { slug: true } } } });
  const graph = ProcessGraph.safeParse(version.graph);
  const runs = await db.run.findMany({
    where: { datasetRunId: dsr.id },
    select: {
      status: true,
      input: true,
      costUsd: true,
      error: true,
      steps: {
        orderBy: [{ startedAt: "asc" }, { attempt: "asc" }],
        select: { nodeId: true, stepId: true, attempt: true, status: true, output: true, costUsd: true, latencyMs: true, inputTokens: true, cachedInputTokens: true, outputTokens: true },
      },
      escalations: { select: { publicId: true, nodeId: true, status: true, decision: true, output: true } },
    },
  });
  const samples = runs.map((r) => ({ ...r, steps: r.steps.map((s) => ({ ...s, latencyMs: Number(s.latencyMs) })), escalations: r.escalations.map((e) => ({ id: e.publicId, nodeId: e.nodeId, status: e.status, decision: e.decision, output: e.output })) }));
  const results = datasetResults(graph.success ? graph.data : { nodes: [], edges: [] }, samples);
  return { ...(await summaryOf(db, dsr, version.version)), process: version.process.slug, results };
}
