import { z } from "zod";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";

/**
 * What a reviewer needs besides the escalation itself: where the run stands, what it cost so far,
 * and which model produced what they review (the escalating step, else the steps it reads).
 */
export const caseFile = z.object({
  run: z.object({ id: z.string(), status: z.string(), costUsd: z.number().describe("Sum of every step attempt so far") }),
  models: z.array(z.object({ nodeId: z.string(), model: z.string(), provider: z.string().nullable(), costUsd: z.number() })),
});
export type CaseFile = z.infer<typeof caseFile>;

export async function getCaseFile(db: Db, params: { id: string }): Promise<CaseFile> {
  const esc = await db.escalation.findUnique({
    where: { publicId: params.id },
    select: { runId: true, nodeId: true, context: true, run: { select: { publicId: true, status: true } } },
  });
  if (!esc) throw new AppError("NOT_FOUND", `No escalation "${params.id}".`);
  const upstream = Object.keys(((esc.context ?? {}) as { upstream?: Record<string, unknown> }).upstream ?? {});
  const nodeIds = [esc.nodeId, ...upstream.filter((n) => n !== esc.nodeId)];
  const [total, byNode] = await Promise.all([
    db.stepRecord.aggregate({ where: { runId: esc.runId }, _sum: { costUsd: true } }),
    db.stepRecord.groupBy({
      by: ["nodeId", "model", "provider"],
      where: { runId: esc.runId, nodeId: { in: nodeIds }, model: { not: null } },
      _sum: { costUsd: true },
      _max: { startedAt: true },
    }),
  ]);
  // The escalating step first, then upstream in context order; per node, the latest model used.
  const latest = new Map<string, (typeof byNode)[number]>();
  for (const g of byNode) {
    const seen = latest.get(g.nodeId);
    if (!seen || (g._max.startedAt ?? 0) > (seen._max.startedAt ?? 0)) latest.set(g.nodeId, g);
  }
  const models = nodeIds.flatMap((nodeId) => {
    const g = latest.get(nodeId);
    const cost = byNode.filter((b) => b.nodeId === nodeId).reduce((s, b) => s + (b._sum.costUsd ?? 0), 0);
    return g?.model ? [{ nodeId, model: g.model, provider: g.provider, costUsd: cost }] : [];
  });
  return { run: { id: esc.run.publicId, status: esc.run.status, costUsd: total._sum.costUsd ?? 0 }, models };
}
