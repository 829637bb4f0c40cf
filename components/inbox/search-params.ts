import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { ESCALATION_STATUSES, type EscalationStatus } from "./status";

export const INBOX_SCOPES = ["mine", "all"] as const;
export type InboxScope = (typeof INBOX_SCOPES)[number];
export const INBOX_ASSIGNEES = ["anyone", "me", "none"] as const;
export type InboxAssignee = (typeof INBOX_ASSIGNEES)[number];

/** `/inbox?status=…&scope=…&assignee=…` (defaults `open`, `mine`, `anyone`): shared by the page (server prefetch) and the filters (client). */
export const inboxSearchParams = {
  status: parseAsStringLiteral(ESCALATION_STATUSES).withDefault("open"),
  scope: parseAsStringLiteral(INBOX_SCOPES).withDefault("mine"),
  assignee: parseAsStringLiteral(INBOX_ASSIGNEES).withDefault("anyone"),
};

export const loadInboxSearchParams = createLoader(inboxSearchParams);

/** The exact escalations.inbox input for a filter, so server prefetch and client query share one key. */
export function escalationsListInput(status: EscalationStatus, scope: InboxScope = "mine", assignee: InboxAssignee = "anyone") {
  return { status, scope, limit: 100, ...(assignee !== "anyone" ? { assignee } : {}) };
}
