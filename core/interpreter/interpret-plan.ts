import type { ExecutionPlan, PlanEdge, PlanStep } from "../compiler/plan-schema";
import { formatIssues, validateData } from "../contracts/validate-data";
import { evaluateExpression, truthy } from "../expression/evaluate";
import { parseExpression } from "../expression/parse";
import { whenMatches } from "../graph/edges";
import type { Node, NodeOf } from "../graph/nodes";
import { outputShapeOf } from "../graph/output-schema";
import { runModelStep, runSubprocessStep, runToolStep } from "./calls";
import { escalate } from "./escalation";
import { edgesOf, nextEdge, type Exec, type Scope } from "./exec";
import type { RunOptions, RunResult } from "./ports";
import { lookupSource, renderMapping, renderTemplate, RunFailure, RunState, stepIdFor } from "./run-state";
import { referencedSteps, settleWorkStep } from "./settle";

type WalkEnd =
  | { type: "end"; nodeId: string; output: Record<string, unknown> }
  | { type: "join" }
  | { type: "back" }
  | { type: "abandoned" };

/**
 * Execute a compiled plan through a step port. Deterministic: given the same step results
 * it asks the port for the same step ids in the same order, so Inngest can replay it.
 */
export async function interpretPlan(plan: ExecutionPlan, options: RunOptions): Promise<RunResult> {
  const state = new RunState(options.input);
  const steps = new Map(plan.steps.map((s) => [s.id, s]));
  const x: Exec = {
    plan,
    steps,
    nodes: new Map<string, Node>(plan.steps.map((s) => [s.id, s.node])),
    port: options.port,
    services: options.services,
    runId: options.runId,
    state,
    ...(options.pinned ? { pinned: options.pinned } : {}),
  };
  try {
    const issues = validateData(plan.inputSchema, options.input);
    if (issues.length) {
      throw new RunFailure("input-invalid", `The run input does not match the trigger's input schema:\n${formatIssues(issues)}`, { nodeId: plan.entry }, issues);
    }
    const end = await walk(x, plan.entry, { iterations: [] });
    if (end.type !== "end") throw new RunFailure("step-failed", "The run stopped without reaching an end node.");
    return { status: "completed", output: end.output, endNodeId: end.nodeId, costUsd: state.costUsd, state: state.snapshot() };
  } catch (error) {
    if (error instanceof RunFailure) return { status: "failed", error: error.error, costUsd: state.costUsd, state: state.snapshot() };
    throw error;
  }
}

function stepOf(x: Exec, id: string): PlanStep {
  const step = x.steps.get(id);
  if (!step) throw new RunFailure("step-failed", `The plan has no step "${id}".`, { nodeId: id });
  return step;
}

async function walk(x: Exec, start: string, scope: Scope): Promise<WalkEnd> {
  let current = start;
  for (;;) {
    if (scope.abandoned?.value) return { type: "abandoned" };
    const step = stepOf(x, current);
    if (step.node.kind === "join" && scope.join === step.id) return { type: "join" };
    const result = await execute(x, step, scope);
    if ("type" in result) return result;
    if (result.kind === "loop-back") return { type: "back" };
    current = result.target;
  }
}

async function execute(x: Exec, step: PlanStep, scope: Scope): Promise<PlanEdge | WalkEnd> {
  const node = step.node;
  const sid = stepIdFor(node.id, scope.iterations);
  switch (node.kind) {
    case "trigger":
    case "join":
      return must(nextEdge(step), node, sid);
    case "llm":
      return settleWorkStep(x, step, sid, await runModelStep(x, step, node, sid));
    case "tool":
      return settleWorkStep(x, step, sid, await runToolStep(x, node, sid));
    case "subprocess":
      return settleWorkStep(x, step, sid, await runSubprocessStep(x, node, sid));
    case "router":
      return route(x, step, node, sid);
    case "delay":
      await x.port.sleep(sid, node.duration);
      return must(nextEdge(step), node, sid);
    case "human":
      return human(x, step, node, sid);
    case "parallel":
      return parallel(x, step, scope);
    case "loop":
      return loop(x, step, node, scope);
    case "end":
      return { type: "end", nodeId: node.id, output: node.output ? renderMapping(node.output, x.state) : {} };
  }
}

function must(edge: PlanEdge | undefined, node: Node, sid: string): PlanEdge {
  if (!edge) throw new RunFailure("step-failed", `Step "${node.name}" (${node.id}) has nowhere to go next.`, { nodeId: node.id, stepId: sid });
  return edge;
}

/** Branches are tried in edge id order; the first whose `when` matches the typed value wins. */
function route(x: Exec, step: PlanStep, node: NodeOf<"router">, sid: string): PlanEdge {
  const value = lookupSource(node.source, x.state);
  const branch = edgesOf(step, "branch").find((e) => e.when && whenMatches(e.when, value));
  if (branch) return branch;
  const unmatched = edgesOf(step, "unmatched")[0];
  if (unmatched) return unmatched;
  throw new RunFailure(
    "router-unmatched",
    `Router "${node.name}" (${node.id}) found ${JSON.stringify(value) ?? "no value"} at ${node.source}, which matches no branch, and it has no unmatched edge.`,
    { nodeId: node.id, stepId: sid },
  );
}

async function human(x: Exec, step: PlanStep, node: NodeOf<"human">, sid: string): Promise<PlanEdge> {
  const subject = node.subject ? x.nodes.get(node.subject) : undefined;
  const shape = subject ? outputShapeOf(subject, x.nodes) : undefined;
  const schema = shape?.kind === "typed" ? shape.schema : undefined;
  const where = { nodeId: node.id, stepId: sid };
  const timeout = step.timeout ?? x.plan.escalationTimeout;

  const resolution = await escalate(x, {
    nodeId: node.id,
    stepId: sid,
    role: node.role,
    timeout,
    reason: node.instructions ? String(renderTemplate(node.instructions, x.state) ?? "") : `Review "${node.name}".`,
    decisions: node.decisions,
    proposedOutput: node.subject ? x.state.steps[node.subject]?.output : undefined,
    ...(schema ? { outputSchema: schema } : {}),
    upstream: referencedSteps(node),
    ...(node.escalateTo ? { escalateTo: node.escalateTo } : {}),
  });

  if (!resolution) {
    const timeoutEdge = edgesOf(step, "timeout")[0];
    x.state.steps[node.id] = { output: { decision: "timeout" }, stepId: sid };
    if (timeoutEdge) return timeoutEdge;
    throw new RunFailure("escalation-timeout", `Nobody decided on "${node.name}" (${node.id}) within ${timeout}, and it has no timeout edge.`, where);
  }
  const decision = node.decisions.find((d) => d.id === resolution.decision);
  if (!decision) {
    throw new RunFailure(
      "escalation-invalid",
      `Decision "${resolution.decision}" is not one of the decisions of "${node.name}" (${node.id}): ${node.decisions.map((d) => d.id).join(", ")}.`,
      where,
    );
  }
  let output = node.subject ? x.state.steps[node.subject]?.output : undefined;
  if (decision.type === "edit" && node.subject) {
    const issues = schema ? validateData(schema, resolution.output) : [];
    if (issues.length) {
      throw new RunFailure("escalation-invalid", `The edited output for "${node.name}" (${node.id}) does not match the contract of "${node.subject}":\n${formatIssues(issues)}`, where, issues);
    }
    // The edit replaces the reviewed step's output, so everything downstream sees the corrected value.
    output = resolution.output;
    const entry = x.state.steps[node.subject];
    x.state.steps[node.subject] = { ...(entry ?? { stepId: sid }), output };
  }
  x.state.steps[node.id] = {
    output: {
      decision: decision.id,
      ...(output !== undefined ? { output } : {}),
      ...(resolution.comment ? { comment: resolution.comment } : {}),
      ...(resolution.actor ? { actor: resolution.actor } : {}),
    },
    stepId: sid,
  };
  return must(step.next.find((e) => e.handle === decision.id && e.kind !== "timeout"), node, sid);
}

async function parallel(x: Exec, step: PlanStep, scope: Scope): Promise<PlanEdge | WalkEnd> {
  const join = step.join ? stepOf(x, step.join) : undefined;
  if (!join || join.node.kind !== "join") {
    throw new RunFailure("step-failed", `Parallel "${step.node.name}" (${step.id}) has no join.`, { nodeId: step.id });
  }
  const abandoned = { value: false };
  const branches = step.next.map((e) => walk(x, e.target, { iterations: scope.iterations, join: join.id, abandoned }));
  let ended: WalkEnd | undefined;
  if (join.node.mode === "all") {
    const results = await Promise.all(branches);
    ended = results.find((r) => r.type === "end");
  } else {
    const first = await Promise.race(branches);
    abandoned.value = true;
    if (first.type === "end") ended = first;
  }
  if (ended) return ended;
  return must(nextEdge(join), join.node, stepIdFor(join.id, scope.iterations));
}

async function loop(x: Exec, step: PlanStep, node: NodeOf<"loop">, scope: Scope): Promise<PlanEdge | WalkEnd> {
  const body = step.next.find((e) => e.handle === "body");
  const exit = step.next.find((e) => e.handle === "exit");
  const max = node.maxIterations ?? 1;
  const condition = node.exitWhen ? parseExpression(node.exitWhen) : undefined;
  for (let iteration = 1; ; iteration++) {
    x.state.steps[node.id] = { output: { iteration }, stepId: stepIdFor(node.id, scope.iterations) };
    const result = await walk(x, must(body, node, node.id).target, { ...scope, iterations: [...scope.iterations, iteration] });
    if (result.type !== "back") return result;
    const done = condition?.ok ? truthy(evaluateExpression(condition.expr, (ref) => x.state.lookup(ref))) : false;
    if (done) return must(exit, node, node.id);
    if (iteration >= max) {
      if (node.onExhausted === "fail") {
        throw new RunFailure(
          "loop-exhausted",
          `Loop "${node.name}" (${node.id}) ran ${max} times without ${node.exitWhen ? `\`${node.exitWhen}\` holding` : "an exit condition"}.`,
          { nodeId: node.id, stepId: stepIdFor(node.id, scope.iterations) },
        );
      }
      return must(exit, node, node.id);
    }
  }
}
