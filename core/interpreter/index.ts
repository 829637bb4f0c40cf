export * from "./ports";
export { interpretPlan } from "./interpret-plan";
export { RunState, renderTemplate, renderMapping, stepIdFor, RunFailure } from "./run-state";
export { escalationIdFor, type EscalationRequest, type EscalationResolution } from "./escalation";
export { backoffDuration, type StepOutcome } from "./calls";
