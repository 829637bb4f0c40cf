import { referenceFunction } from "inngest";
import { BatonEvents, type CallRecord, type PortEvent, type StepPort } from "@/core";
import type { EscalationRequestedData } from "@/server/escalations/escalations.service";
import type { AttemptCounter } from "./step-ids";
import { nodeIdOf } from "./step-ids";

/**
 * The subset of Inngest's `step` tools the port uses. Structural, so the adapter does not depend
 * on the SDK's generics (and a test can pass a fake).
 */
export interface InngestStepTools {
  run(id: string, fn: () => Promise<unknown>): Promise<unknown>;
  sleep(id: string, duration: string): Promise<unknown>;
  waitForEvent(id: string, opts: { event: string; timeout: string; if?: string }): Promise<unknown>;
  sendEvent(id: string, payload: { name: string; data: Record<string, unknown> }): Promise<unknown>;
  invoke(id: string, opts: { function: unknown; data: Record<string, unknown>; timeout?: string }): Promise<unknown>;
}

/** A child run created for a subprocess step: the invoke target and the event data it runs with. */
export interface ChildRun {
  /** The version's function id, `<slug>-v<n>` (same app). */
  functionId: string;
  data: Record<string, unknown>;
}

/** Results of an earlier run reused by a rerun: nothing here is executed again. */
export interface ReuseSource {
  /** Node ids before the rerun's start node (plan order). */
  nodes: ReadonlySet<string>;
  /** Port step id → what that call returned in the earlier run. */
  calls: ReadonlyMap<string, CallRecord>;
  /** Escalation step id → the decision event of the earlier run (null: it timed out). */
  decisions: ReadonlyMap<string, PortEvent | null>;
}

export interface PortHooks {
  attempts: AttemptCounter;
  reuse?: ReuseSource;
  /** Inside the escalate step: create the row and emit the event. */
  escalationRequested(data: EscalationRequestedData): Promise<void>;
  /** Inside a step after a wait passed without a decision. */
  escalationTimedOut(stepId: string): Promise<void>;
  /** Inside the step issued with the second wait: a human step's `escalateTo` moves the escalation to another role. */
  escalationEscalated(data: { stepId: string; role: string; after: string }): Promise<void>;
  /** Inside a step: create the child Run row of a subprocess step (latest or named version). */
  createChildRun(options: { process: string; version?: number; input: unknown }): Promise<ChildRun>;
}

const reused = (hooks: PortHooks, id: string) => hooks.reuse?.nodes.has(nodeIdOf(id)) ?? false;

/**
 * core's StepPort on Inngest's step tools. Ids pass through unchanged (they derive from node
 * ids, so replays are deterministic). Escalations become one step that writes the row and sends
 * the event, so the wait (issued in parallel) exists before anyone can see the escalation.
 */
export function createInngestPort(step: InngestStepTools, hooks: PortHooks): StepPort {
  return {
    async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
      hooks.attempts.next(id);
      if (reused(hooks, id)) {
        const call = hooks.reuse!.calls.get(id);
        if (call) return call as T;
      }
      return (await step.run(id, fn)) as T;
    },

    async sleep(id, duration) {
      if (reused(hooks, id)) return;
      await step.sleep(id, duration);
    },

    async waitForEvent(id, opts) {
      // `…/decision-before-escalation` is the first part of a wait split by `escalateTo`; only the final one times out.
      const escalationStepId = id.replace(/\/decision(-before-escalation)?$/, "");
      if (reused(hooks, id) && hooks.reuse!.decisions.has(escalationStepId)) return hooks.reuse!.decisions.get(escalationStepId)!;
      const event = (await step.waitForEvent(id, opts)) as { name: string; data: Record<string, unknown> } | null;
      if (!event) {
        if (opts.event === BatonEvents.escalationResolved && id.endsWith("/decision")) await step.run(`${id}/timed-out`, () => hooks.escalationTimedOut(escalationStepId));
        return null;
      }
      return { name: event.name, data: event.data ?? {} };
    },

    async sendEvent(id, event) {
      if (event.name === BatonEvents.escalationRequested) {
        const data = event.data as unknown as EscalationRequestedData;
        if (reused(hooks, id) && hooks.reuse!.decisions.has(data.stepId)) return;
        await step.run(id, () => hooks.escalationRequested(data));
        return;
      }
      if (event.name === BatonEvents.escalationEscalated) {
        const data = event.data as { stepId: string; role: string; after: string };
        if (reused(hooks, id) && hooks.reuse!.decisions.has(data.stepId)) return;
        await step.run(id, () => hooks.escalationEscalated(data));
        return;
      }
      await step.sendEvent(id, { name: event.name, data: event.data });
    },

    async invoke(id, options) {
      if (reused(hooks, id)) {
        const call = hooks.reuse!.calls.get(id);
        if (call?.ok) return call.output;
      }
      const child = (await step.run(`${id}/start`, () => hooks.createChildRun(options))) as ChildRun;
      return step.invoke(id, { function: referenceFunction({ functionId: child.functionId }), data: child.data });
    },
  };
}
