import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { RunGraphView } from "./run-graph.schema";

type Json = { nodes?: unknown; edges?: unknown; notes?: unknown } | null;

/**
 * The run page's graph read: the graph of the version the run is pinned to (not the draft, not
 * the latest version), its child runs and its escalations with who decided what and when.
 */
export async function getRunGraph(db: Db, params: { runId: string }): Promise<RunGraphView> {
  const run = await db.run.findUnique({
    where: { publicId: params.runId },
    select: { id: true, publicId: true, version: { select: { version: true, graph: true, plan: true } } },
  });
  if (!run) throw new AppError("NOT_FOUND", `No run "${params.runId}".`, { runId: params.runId });
  const [children, escalations] = await Promise.all([
    db.run.findMany({ where: { parentRunId: run.id }, orderBy: { createdAt: "asc" }, select: { publicId: true, status: true, process: { select: { slug: true } } } }),
    db.escalation.findMany({ where: { runId: run.id }, orderBy: { createdAt: "asc" } }),
  ]);
  const graph = run.version.graph as Json;
  const planSteps = (run.version.plan as { steps?: unknown } | null)?.steps;
  return {
    runId: run.publicId,
    version: run.version.version,
    stepOrder: Array.isArray(planSteps) ? planSteps.map((s: { id?: unknown }) => s?.id).filter((id): id is string => typeof id === "string") : [],
    // Sticky notes too: the run view draws them read-only beside the steps.
    graph: { nodes: Array.isArray(graph?.nodes) ? graph.nodes : [], edges: Array.isArray(graph?.edges) ? graph.edges : [], ...(Array.isArray(graph?.notes) ? { notes: graph.notes } : {}) },
    children: children.map((c) => ({ id: c.publicId, process: c.process.slug, status: c.status })),
    escalations: escalations.map((e) => ({
      id: e.publicId,
      nodeId: e.nodeId,
      stepId: e.stepId,
      status: e.status,
      reason: e.reason,
      role: e.role,
      decision: e.decision,
      comment: e.comment,
      proposedOutput: e.proposedOutput ?? null,
      output: e.output ?? null,
      resolvedBy: e.resolvedBy,
      resolvedAt: e.resolvedAt,
      dueAt: e.dueAt,
      createdAt: e.createdAt,
    })),
  };
}
