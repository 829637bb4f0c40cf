import { BatonEvents } from "../compiler/events";
import type { DataSchema } from "../contracts/data-schema";
import type { Role } from "../graph/policy";
import type { Exec } from "./exec";

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

/**
 * Raise an escalation and wait for its resolution (null on timeout). The wait and the
 * request are issued together so a decision can never arrive before the wait exists.
 */
export async function escalate(x: Exec, request: EscalationRequest): Promise<EscalationResolution | null> {
  const escalationId = escalationIdFor(x.runId, request.stepId);
  const upstream: Record<string, unknown> = {};
  for (const id of [...request.upstream].sort()) upstream[id] = x.state.steps[id]?.output;

  const [event] = await Promise.all([
    x.port.waitForEvent(`${request.stepId}/decision`, {
      event: BatonEvents.escalationResolved,
      timeout: request.timeout,
      if: `async.data.escalationId == ${JSON.stringify(escalationId)}`,
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
  if (!event) return null;
  const data = event.data;
  return {
    decision: String(data.decision ?? ""),
    output: data.output,
    comment: typeof data.comment === "string" ? data.comment : undefined,
    actor: typeof data.actor === "string" ? data.actor : undefined,
  };
}
