import type { ExecutionPlan } from "@/core";
import type { Db } from "@/server/db/client";

/**
 * What a rerun takes from earlier runs, shared by the runtime (which returns those results
 * instead of executing) and the run view (which shows those records, marked as reused).
 */

/** The node ids a rerun from `fromNodeId` reuses: every step before it in plan order. */
export function reusedNodeIds(plan: ExecutionPlan, fromNodeId: string): Set<string> {
  const order = plan.steps.map((s) => s.id);
  const at = order.indexOf(fromNodeId);
  return new Set(at < 0 ? [] : order.slice(0, at));
}

/**
 * The run a rerun reuses from, then the run that one was a rerun of, and so on (a rerun of a
 * rerun finds the steps its source reused in the run they came from). Nearest first, at most 20.
 */
export async function rerunChain(db: Db, sourceRunDbId: string): Promise<Array<{ id: string; publicId: string }>> {
  const chain: Array<{ id: string; publicId: string }> = [];
  for (let id: string | null = sourceRunDbId; id && chain.length < 20; ) {
    const row: { id: string; publicId: string; rerunOfId: string | null } | null = await db.run.findUnique({ where: { id }, select: { id: true, publicId: true, rerunOfId: true } });
    if (!row) break;
    chain.push({ id: row.id, publicId: row.publicId });
    id = row.rerunOfId;
  }
  return chain;
}
