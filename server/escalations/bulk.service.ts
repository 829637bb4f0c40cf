import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { EventSender } from "@/server/runtime/events";
import { resolveEscalation, type Actor } from "./escalations.service";
import type { BulkResolveResult } from "./escalations.schema";

/**
 * Approve / reject many at once: each item goes through resolveEscalation on its own (its own
 * transaction, checks and outbox event), so one that is held, decided or does not allow the
 * decision is reported and the others still go through.
 */
export async function bulkResolveEscalations(
  db: Db,
  params: { ids: string[]; decision: string; comment?: string; actor: Actor },
  deps: { events: EventSender; at?: Date },
): Promise<BulkResolveResult> {
  const results: BulkResolveResult["results"] = [];
  for (const id of [...new Set(params.ids)]) {
    try {
      await resolveEscalation(db, { id, decision: params.decision, ...(params.comment ? { comment: params.comment } : {}), actor: params.actor }, deps);
      results.push({ id, ok: true, error: null, code: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ id, ok: false, error: e.message, code: e.code });
    }
  }
  return { results };
}
