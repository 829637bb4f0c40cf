import { BatonEvents } from "../compiler/events";
import type { DataSchema } from "../contracts/data-schema";
import type { Role } from "../graph/policy";
import type { Exec } from "./exec";
import { durationToMs } from "../graph/duration";

export interface EscalationRequest {
  nodeId: string;
  stepId: string;
  role: Role;
  timeout: string;
  reason: string;
  decisions: Array<{ id: string; type: string; label?: string }>;
  proposedOutput?: unknown;
  /** The contract an edited output must satisfy (shown as a form, re-checked on resume). */
  outputSchema?: DataSchema;
  /** Upstream node ids whose outputs the reviewer needs to see. */
  upstream: string[];
  /** SLA escalation: after `after` without a decision the escalation moves to `role`. */
  escalateTo?: { role: Role; after: string };
}

export interface EscalationResolution {
  decision: string;
  output?: unknown;
  comment?: string;
  actor?: string;
}

export function escalationIdFor(runId: string, stepId: string): string {
  return `${runId}:${stepId}`;
}

/** What is left of `timeout` after `after`, as a duration the engine accepts (at least a second). */
function remaining(timeout: string, after: string): string {
  return `${Math.max(1, Math.ceil((durationToMs(timeout) - durationToMs(after)) / 1000))}s`;
}

/**
 * Raise an escalation and wait for its resolution (null on timeout). The wait and the
 * request are issued together so a decision can never arrive before the wait exists.
 *
 * With `escalateTo`, the wait is split: first `after`, then (if nobody decided) the escalation
 * moves to the other role in the same step batch as the second wait for the rest of the SLA.
 * Without it the step ids are exactly those of earlier versions, so pinned runs replay unchanged.
 */
export async function escalate(x: Exec, request: EscalationRequest): Promise<EscalationResolution | null> {
  const escalationId = escalationIdFor(x.runId, request.stepId);
  const upstream: Record<string, unknown> = {};
  for (const id of [...request.upstream].sort()) upstream[id] = x.state.steps[id]?.output;
  const match = `async.data.escalationId == ${JSON.stringify(escalationId)}`;
  const early = request.escalateTo ? durationToMs(request.escalateTo.after) < durationToMs(request.timeout) : false;

  const [event] = await Promise.all([
    x.port.waitForEvent(early ? `${request.stepId}/decision-before-escalation` : `${request.stepId}/decision`, {
      event: BatonEvents.escalationResolved,
      timeout: early ? request.escalateTo!.after : request.timeout,
      if: match,
    }),
    x.port.sendEvent(`${request.stepId}/escalate`, {
      name: BatonEvents.escalationRequested,
      data: {
        escalationId,
        runId: x.runId,
        process: x.plan.process.slug,
        version: x.plan.process.version,
        nodeId: request.nodeId,
        stepId: request.stepId,
        role: request.role,
        reason: request.reason,
        decisions: request.decisions,
        timeout: request.timeout,
        proposedOutput: request.proposedOutput,
        outputSchema: request.outputSchema,
        context: { input: x.state.input, upstream },
      },
    }),
  ]);
  let decided = event;
  if (!decided && early) {
    // The role changes in the same batch as the second wait, so whoever may decide now has a wait to reach.
    const [second] = await Promise.all([
      x.port.waitForEvent(`${request.stepId}/decision`, { event: BatonEvents.escalationResolved, timeout: remaining(request.timeout, request.escalateTo!.after), if: match }),
      x.port.sendEvent(`${request.stepId}/escalate-to`, {
        name: BatonEvents.escalationEscalated,
        data: { escalationId, runId: x.runId, nodeId: request.nodeId, stepId: request.stepId, fromRole: request.role, role: request.escalateTo!.role, after: request.escalateTo!.after },
      }),
    ]);
    decided = second;
  }
  if (!decided) return null;
  const data = decided.data;
  return {
    decision: String(data.decision ?? ""),
    output: data.output,
    comment: typeof data.comment === "string" ? data.comment : undefined,
    actor: typeof data.actor === "string" ? data.actor : undefined,
  };
}
