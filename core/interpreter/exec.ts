import type { ExecutionPlan, PlanEdge, PlanStep } from "../compiler/plan-schema";
import type { Node } from "../graph/nodes";
import type { StepPort, StepServices } from "./ports";
import type { RunState } from "./run-state";

/** Everything one run needs, passed to every part of the interpreter. */
export interface Exec {
  plan: ExecutionPlan;
  steps: ReadonlyMap<string, PlanStep>;
  nodes: ReadonlyMap<string, Node>;
  port: StepPort;
  services: StepServices;
  runId: string;
  state: RunState;
  /** Node id → pinned output (test runs only; see RunOptions.pinned). */
  pinned?: Readonly<Record<string, unknown>>;
}

/** Where a walk is: loop iterations (for step ids) and the join that ends the current branch. */
export interface Scope {
  iterations: number[];
  join?: string;
  /** Set when a join "any" has a winner: losing branches stop before their next step. */
  abandoned?: { value: boolean };
}

export function edgesOf(step: PlanStep, ...kinds: PlanEdge["kind"][]): PlanEdge[] {
  return step.next.filter((e) => kinds.includes(e.kind));
}

/** The edge a step continues along when it succeeds: its default or loop-back edge. */
export function nextEdge(step: PlanStep): PlanEdge | undefined {
  return step.next.find((e) => (e.kind === "default" || e.kind === "loop-back") && !e.handle);
}
