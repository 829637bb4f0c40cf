import type { PlanEdge, PlanStep } from "../compiler/plan-schema";
import { formatIssues, validateData } from "../contracts/validate-data";
import { evaluateExpression, truthy } from "../expression/evaluate";
import { parseExpression } from "../expression/parse";
import type { Node } from "../graph/nodes";
import { outputShapeOf } from "../graph/output-schema";
import { templateRefs } from "../graph/refs";
import type { StepOutcome } from "./calls";
import { escalate } from "./escalation";
import { edgesOf, nextEdge, type Exec } from "./exec";
import type { RunError } from "./ports";
import { RunFailure } from "./run-state";

/** Upstream steps a node reads, for the context of an escalation. */
export function referencedSteps(node: Node): string[] {
  const templates: string[] = [];
  if (node.kind === "llm") templates.push(node.prompt, node.system ?? "");
  if (node.kind === "tool") templates.push(node.contract.url, ...Object.values(node.input));
  if (node.kind === "subprocess") templates.push(...Object.values(node.input));
  if (node.kind === "human") templates.push(node.instructions ?? "");
  const ids = new Set<string>();
  for (const t of templates)
    for (const part of templateRefs(t)) if (part.parsed.ok && part.parsed.ref.root === "steps") ids.add(part.parsed.ref.stepId);
  if (node.kind === "human" && node.subject) ids.add(node.subject);
  return [...ids].sort();
}

type Settled = { status: "ok"; output: unknown } | { status: "error"; error: RunError };

/**
 * Apply a step's escalation rules to its outcome, store the result in run state and pick
 * the edge to follow: default on success, `error` on failure (or fail the run without one).
 */
export async function settleWorkStep(x: Exec, step: PlanStep, sid: string, outcome: StepOutcome): Promise<PlanEdge> {
  const node = step.node;
  if (outcome.status === "budget-branch") {
    const edge = edgesOf(step, "budget")[0];
    if (edge) return edge;
    throw new RunFailure("budget-exceeded", `Budget reached at step "${node.id}" and it has no budget edge.`, { nodeId: node.id, stepId: sid });
  }

  const settled = await applyEscalation(x, step, sid, outcome);
  if (settled.status === "ok") {
    x.state.steps[node.id] = { output: settled.output, stepId: sid };
    const edge = nextEdge(step);
    if (!edge) throw new RunFailure("step-failed", `Step "${node.id}" has no next edge.`, { nodeId: node.id, stepId: sid });
    return edge;
  }
  const errorEdge = edgesOf(step, "error")[0];
  x.state.steps[node.id] = { error: settled.error, stepId: sid };
  if (errorEdge) return errorEdge;
  throw new RunFailure(settled.error.code, settled.error.message, { nodeId: node.id, stepId: sid }, settled.error.issues);
}

function toError(node: Node, sid: string, outcome: Exclude<StepOutcome, { status: "ok" | "budget-branch" }>): RunError {
  if (outcome.status === "failed") {
    return { code: "step-failed", message: `Step "${node.name}" (${node.id}) failed: ${outcome.message}.`, nodeId: node.id, stepId: sid };
  }
  const what = outcome.phase === "input" ? "The input built for" : "The output of";
  return {
    code: "contract-mismatch",
    message: `${what} step "${node.name}" (${node.id}) does not match its contract:\n${formatIssues(outcome.issues)}`,
    nodeId: node.id,
    stepId: sid,
    issues: outcome.issues,
  };
}

async function applyEscalation(x: Exec, step: PlanStep, sid: string, outcome: Exclude<StepOutcome, { status: "budget-branch" }>): Promise<Settled> {
  const node = step.node;
  const initial: Settled = outcome.status === "ok" ? { status: "ok", output: outcome.output } : { status: "error", error: toError(node, sid, outcome) };
  const rules = node.policy?.escalation;
  if (!rules) return initial;

  const reasons: string[] = [];
  for (const condition of rules.conditions) {
    if (condition.kind === "expression" && outcome.status === "ok") {
      const parsed = parseExpression(condition.expr);
      if (parsed.ok && truthy(evaluateExpression(parsed.expr, (ref) => x.state.lookup(ref, outcome.output)))) {
        reasons.push(`\`${condition.expr}\` holds`);
      }
    }
    if (condition.kind === "contractFailure" && outcome.status === "contract-failure") reasons.push("the output broke its contract after the repair attempt");
    if (condition.kind === "stepFailed" && outcome.status === "failed") reasons.push(`the step failed (${outcome.message})`);
    if (condition.kind === "costAbove" && outcome.costUsd > condition.usd) reasons.push(`it cost $${outcome.costUsd.toFixed(4)}, above $${condition.usd}`);
  }
  if (reasons.length === 0) return initial;

  const shape = outputShapeOf(node, x.nodes);
  const schema = shape.kind === "typed" ? shape.schema : undefined;
  const canApprove = outcome.status === "ok";
  const resolution = await escalate(x, {
    nodeId: node.id,
    stepId: `${sid}/review`,
    role: rules.role ?? "reviewer",
    timeout: rules.timeout ?? x.plan.escalationTimeout,
    reason: `Step "${node.name}" needs a person: ${reasons.join("; ")}.`,
    decisions: [
      ...(canApprove ? [{ id: "approve", type: "approve" }] : []),
      { id: "edit", type: "edit" },
      { id: "reject", type: "reject" },
    ],
    proposedOutput: outcome.status === "failed" ? undefined : outcome.output,
    ...(schema ? { outputSchema: schema } : {}),
    upstream: referencedSteps(node),
  });

  const where = { nodeId: node.id, stepId: sid };
  if (!resolution) {
    return { status: "error", error: { code: "escalation-timeout", message: `Nobody resolved the escalation of step "${node.name}" (${node.id}) within ${rules.timeout ?? x.plan.escalationTimeout}.`, ...where } };
  }
  switch (resolution.decision) {
    case "approve":
      if (canApprove) return initial;
      break;
    case "edit": {
      const issues = schema ? validateData(schema, resolution.output) : [];
      if (issues.length) {
        throw new RunFailure("escalation-invalid", `The edited output for step "${node.name}" (${node.id}) does not match its contract:\n${formatIssues(issues)}`, where, issues);
      }
      return { status: "ok", output: resolution.output };
    }
    case "reject":
      return {
        status: "error",
        error: { code: "escalation-rejected", message: `${resolution.actor ?? "A reviewer"} rejected step "${node.name}" (${node.id})${resolution.comment ? `: ${resolution.comment}` : "."}`, ...where },
      };
  }
  throw new RunFailure("escalation-invalid", `Decision "${resolution.decision}" is not allowed for the escalation of step "${node.name}" (${node.id}).`, where);
}
