/**
 * Event names the compiled functions and the interpreter rely on (`domain/object.past-verb`).
 * They live in core because plans embed them; the Inngest event registry re-exports them.
 */
export const BatonEvents = {
  runRequested: "baton/run.requested",
  runCancelRequested: "baton/run.cancel-requested",
  escalationRequested: "baton/escalation.requested",
  escalationResolved: "baton/escalation.resolved",
  /** A human step's `escalateTo` fired: the escalation now needs another role. */
  escalationEscalated: "baton/escalation.escalated",
} as const;
