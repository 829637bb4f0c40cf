import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { ESCALATION_STATUSES, type EscalationStatus } from "./status";

/** `/inbox?status=…` (default `open`): shared by the page (server prefetch) and the filter (client). */
export const inboxSearchParams = {
  status: parseAsStringLiteral(ESCALATION_STATUSES).withDefault("open"),
};

export const loadInboxSearchParams = createLoader(inboxSearchParams);

/** The exact escalations.list input for a filter, so server prefetch and client query share one key. */
export function escalationsListInput(status: EscalationStatus) {
  return { status, limit: 100 };
}
