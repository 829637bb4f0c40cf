import type { ContractIssue } from "../contracts/validate-data";
import type { DataSchema } from "../contracts/data-schema";
import type { CostEstimate, Usage } from "../cost/cost";
import type { LlmTask } from "../graph/nodes";

/**
 * The only durable primitives the interpreter uses. The Inngest adapter maps them onto
 * `step.run`, `step.sleep`, `step.waitForEvent`, `step.sendEvent` and `step.invoke`;
 * tests use an in-memory fake. Every id passed here is derived from node ids, so a replay
 * asks for the same ids in the same order.
 */
export interface StepPort {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  sleep(id: string, duration: string): Promise<void>;
  /** Resolves with the matching event, or null when the timeout passes first. */
  waitForEvent(id: string, options: { event: string; timeout: string; if?: string }): Promise<PortEvent | null>;
  sendEvent(id: string, event: PortEvent): Promise<void>;
  invoke?(id: string, options: { process: string; version?: number; input: unknown }): Promise<unknown>;
}

export interface PortEvent {
  name: string;
  data: Record<string, unknown>;
}

export interface ModelRequest {
  stepId: string;
  nodeId: string;
  task: LlmTask;
  model: string;
  system?: string;
  prompt: string;
  schema: DataSchema;
  temperature?: number;
  maxTokens?: number;
  timeoutMs?: number;
  /** Set on the one repair attempt: what the model returned and how it broke the contract. */
  repair?: { previousOutput: unknown; issues: ContractIssue[] };
}

export interface ModelResponse {
  output: unknown;
  usage: Usage;
  /** Priced by the caller's price table (see core/cost). */
  costUsd: number;
  provider?: string;
}

export interface ToolRequest {
  stepId: string;
  nodeId: string;
  contract?: string;
  method: string;
  url: string;
  /** Header values may still contain `{{ secrets.NAME }}`: the service resolves them, so they never enter run state. */
  headers: Record<string, string>;
  input: unknown;
  timeoutMs?: number;
}

export interface ToolResponse {
  output: unknown;
  status?: number;
  costUsd?: number;
}

/**
 * Thrown by a service for a call that must not be made and would be refused again on every
 * attempt (e.g. a secret bound to other hosts): the step fails at once, its retries are skipped.
 */
export class CallRefusedError extends Error {
  override name = "CallRefusedError";
}

/** Side effects the interpreter calls inside `port.run` (so they run once and are recorded). */
export interface StepServices {
  callModel(request: ModelRequest): Promise<ModelResponse>;
  callTool(request: ToolRequest): Promise<ToolResponse>;
  now(): number;
  /** Optional estimate of a call's cost, used by the budget check before the call (and its message). */
  estimateCost?(request: ModelRequest): CostEstimate;
}

/** What one `port.run` of a model or tool call returns: plain JSON, recorded as the step's result. */
export type CallRecord =
  | {
      ok: true;
      output: unknown;
      /** The output came from a pin (test runs), not from a call. */
      pinned?: true;
      model?: string;
      provider?: string;
      usage?: Usage;
      costUsd: number;
      latencyMs: number;
    }
  | {
      ok: false;
      error: { message: string; name?: string };
      model?: string;
      costUsd: number;
      latencyMs: number;
    };

export type RunErrorCode =
  | "input-invalid"
  | "contract-mismatch"
  | "step-failed"
  | "budget-exceeded"
  | "escalation-rejected"
  | "escalation-timeout"
  | "escalation-invalid"
  | "loop-exhausted"
  | "router-unmatched"
  | "subprocess-unavailable";

export interface RunError {
  code: RunErrorCode;
  message: string;
  nodeId?: string;
  stepId?: string;
  issues?: ContractIssue[];
}

export type RunResult =
  | { status: "completed"; output: Record<string, unknown>; endNodeId: string; costUsd: number; state: RunStateSnapshot }
  | { status: "failed"; error: RunError; costUsd: number; state: RunStateSnapshot };

export interface StepStateEntry {
  output?: unknown;
  error?: RunError;
  /** The step id of the latest execution (`draft#2` inside a loop). */
  stepId: string;
}

export interface RunStateSnapshot {
  input: unknown;
  steps: Record<string, StepStateEntry>;
}

export interface RunOptions {
  runId: string;
  input: unknown;
  port: StepPort;
  services: StepServices;
  /**
   * Test runs only (the designer's "Pin"): node id → the output an LLM or tool step returns
   * instead of calling its model or API, so an unchanged step is not paid for again. The pinned
   * value still passes through the port (one step, replayed like any other) and is checked
   * against the step's output contract, so a pin made stale by a schema edit fails visibly.
   */
  pinned?: Readonly<Record<string, unknown>>;
}
