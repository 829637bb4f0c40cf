import { z } from "zod";
import { escalationStatus, escalationView } from "./escalations.schema";

/**
 * The inbox's list: what a person works from. Sorted by due time (no deadline last), filtered to
 * what the caller may decide unless they ask for everything, paged by an opaque cursor.
 */
export const inboxScope = z.enum(["mine", "all"]).describe("`mine`: only escalations your role may decide; `all`: everything, others read-only");

export const inboxListInput = z.strictObject({
  status: escalationStatus.optional(),
  scope: inboxScope.default("mine"),
  role: z.string().min(1).optional().describe("Only escalations that need this role"),
  process: z.string().min(1).optional().describe("Only escalations of this process (slug)"),
  runId: z.string().min(1).optional(),
  assignee: z.string().min(1).optional().describe("`me`: held by the caller; `none`: nobody holds it (or the claim lapsed); else a user's id or email"),
  dueBefore: z.coerce.date().optional().describe("Only escalations due before this time (ISO 8601); no-deadline ones are left out"),
  cursor: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  limit: z.number().int().min(1).max(200).default(50),
});
export type InboxListInput = z.input<typeof inboxListInput>;

export const inboxItem = escalationView.extend({
  canDecide: z.boolean().describe("Whether the caller's role may decide it (open escalations only)"),
  readOnlyReason: z.string().nullable().describe("Why the caller cannot decide it, when they cannot"),
  heldByOther: z.boolean().describe("Someone else holds it: the caller may decide only after taking it over"),
});
export type InboxItem = z.infer<typeof inboxItem>;

export const inboxPage = z.object({
  items: z.array(inboxItem),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
});
export type InboxPage = z.infer<typeof inboxPage>;
