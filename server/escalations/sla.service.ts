import { BatonEvents } from "@/core";
import type { Db } from "@/server/db/client";
import type { OutgoingEvent } from "@/server/runtime/events";
import { recordAudit, SYSTEM } from "./audit.service";

/**
 * A human step's `escalateTo` fired (called by the run, inside a step): the open escalation now
 * needs `role`; whoever held it lets go, since the new role's people should pick it up. Recorded
 * in the audit as a system event. Idempotent: a replayed step finds the role already changed.
 *
 * Returns the decision event to send again when the escalation was decided just before this step
 * (after the first wait ended and before the second existed), so that decision is not lost.
 */
export async function escalateEscalationRole(
  db: Db,
  params: { runDbId: string; stepId: string; role: string; after: string; now?: Date },
): Promise<OutgoingEvent | null> {
  const now = params.now ?? new Date();
  const row = await db.escalation.findUnique({
    where: { runId_stepId: { runId: params.runDbId, stepId: params.stepId } },
    include: { run: { select: { publicId: true } } },
  });
  if (!row) return null;
  if (row.status === "resolved" && row.decision) {
    return {
      name: BatonEvents.escalationResolved,
      id: `resolve-${row.publicId}-after-escalation`,
      data: {
        escalationId: `${row.run.publicId}:${row.stepId}`,
        decision: row.decision,
        ...(row.output !== null ? { output: row.output } : {}),
        ...(row.comment ? { comment: row.comment } : {}),
        ...(row.resolvedBy ? { actor: row.resolvedBy } : {}),
      },
    };
  }
  if (row.status !== "open" || row.role === params.role) return null;
  await db.$transaction(async (tx) => {
    const { count } = await tx.escalation.updateMany({
      where: { id: row.id, status: "open", role: row.role },
      data: { role: params.role, claimedBy: null, claimedByUserId: null, claimedByKeyId: null, claimedAt: null, claimExpiresAt: null },
    });
    if (count === 0) return;
    await recordAudit(tx, {
      escalationDbId: row.id,
      action: "sla_escalated",
      actor: SYSTEM,
      before: { role: row.role, holder: row.claimedBy },
      after: { role: params.role, holder: null, after: params.after },
      at: now,
    });
  });
  return null;
}
