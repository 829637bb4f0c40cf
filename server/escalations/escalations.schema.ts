import { z } from "zod";

export const escalationStatus = z.enum(["open", "resolved", "timed_out", "cancelled"]);

export const escalationListInput = z.strictObject({
  status: escalationStatus.optional(),
  runId: z.string().optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

export const resolveEscalationBody = z.strictObject({
  decision: z.string().min(1).describe("One of the escalation's allowedDecisions ids"),
  output: z.unknown().optional().describe("Required for an `edit` decision; validated against outputSchema"),
  comment: z.string().max(4000).optional(),
});

export const resolveEscalationInput = resolveEscalationBody.extend({ id: z.string().min(1) });

export const escalationDecision = z.object({ id: z.string(), type: z.string(), label: z.string().optional() });

export const escalationView = z.object({
  id: z.string().describe("esc_… public id"),
  runId: z.string().describe("run_… public id"),
  runKind: z
    .enum(["run", "test", "dataset"])
    .describe("`run`: production; `test`: a designer's test run of a draft; `dataset`: one of a dataset run's runs (neither notifies webhooks)"),
  process: z.string(),
  version: z.number().int(),
  nodeId: z.string(),
  stepId: z.string(),
  status: escalationStatus,
  reason: z.string(),
  role: z.string(),
  context: z.unknown().describe("Run input and the upstream outputs the step depends on"),
  proposedOutput: z.unknown(),
  outputSchema: z.unknown(),
  allowedDecisions: z.array(escalationDecision),
  dueAt: z.date().nullable(),
  decision: z.string().nullable(),
  output: z.unknown(),
  comment: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.date().nullable(),
  createdAt: z.date(),
  claimedBy: z.string().nullable().describe("Who holds it (claim or assignment); null when nobody does or a claim lapsed"),
  claimedByUserId: z.string().nullable(),
  claimExpiresAt: z.date().nullable().describe("When the claim lapses; null for an assignment (held until released)"),
});
export type EscalationView = z.infer<typeof escalationView>;

export const assignEscalationBody = z.strictObject({
  assignee: z.string().min(1).nullable().describe("A user's id or email; null to unassign"),
});
export const assignEscalationInput = assignEscalationBody.extend({ id: z.string().min(1) });

export const bulkResolveBody = z.strictObject({
  ids: z.array(z.string().min(1)).min(1).max(100).describe("esc_… ids"),
  decision: z.string().min(1).describe("Applied to each; items that do not allow it are reported, not changed"),
  comment: z.string().max(4000).optional(),
});
export const bulkResolveResult = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      ok: z.boolean(),
      error: z.string().nullable().describe("Why this item was not resolved"),
      code: z.string().nullable(),
    }),
  ),
});
export type BulkResolveResult = z.infer<typeof bulkResolveResult>;
