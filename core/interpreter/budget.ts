import type { PlanStep } from "../compiler/plan-schema";
import { escalate } from "./escalation";
import type { Exec } from "./exec";
import type { ModelRequest } from "./ports";
import { RunFailure } from "./run-state";

export type BudgetDecision = { action: "proceed"; model: string } | { action: "branch" };

/**
 * Checked before every model call: the run budget (unless a person waived it) and the
 * step's own cap. On breach the process policy decides; without a process budget a
 * step cap breach fails the run.
 */
export async function checkBudget(
  x: Exec,
  step: PlanStep,
  stepId: string,
  stepCostUsd: number,
  request: ModelRequest,
): Promise<BudgetDecision> {
  const model = x.state.budgetFallback && x.plan.budget?.fallbackModel ? x.plan.budget.fallbackModel : request.model;
  const estimate = x.services.estimateCost?.({ ...request, model }) ?? 0;
  const runBudget = x.plan.budget;
  const stepCap = step.node.policy?.budgetUsd;

  const breaches: string[] = [];
  if (runBudget && !x.state.budgetWaived && x.state.costUsd + estimate >= runBudget.perRunUsd) {
    breaches.push(`the run has spent $${round(x.state.costUsd)} of its $${runBudget.perRunUsd} budget`);
  }
  if (stepCap !== undefined && stepCostUsd + estimate >= stepCap) {
    breaches.push(`the step has spent $${round(stepCostUsd)} of its $${stepCap} cap`);
  }
  if (breaches.length === 0) return { action: "proceed", model };

  const reason = `Budget reached before calling ${model} at step "${step.id}": ${breaches.join("; ")}.`;
  switch (runBudget?.onBreach ?? "fail") {
    case "fallback": {
      const fallback = runBudget?.fallbackModel;
      if (fallback && model !== fallback) {
        x.state.budgetFallback = true;
        return { action: "proceed", model: fallback };
      }
      // Already on the cheapest model: failing is the only way to honour a hard cap.
      throw new RunFailure("budget-exceeded", `${reason} The fallback model is already in use.`, { nodeId: step.id, stepId });
    }
    case "branch":
      return { action: "branch" };
    case "escalate": {
      const resolution = await escalate(x, {
        nodeId: step.id,
        stepId: `${stepId}/budget`,
        role: step.node.policy?.escalation?.role ?? "admin",
        timeout: x.plan.escalationTimeout,
        reason,
        decisions: [
          { id: "approve", type: "approve", label: "Allow the extra spend" },
          { id: "reject", type: "reject", label: "Stop the run" },
        ],
        upstream: [],
      });
      if (resolution?.decision === "approve") {
        x.state.budgetWaived = true;
        return { action: "proceed", model };
      }
      throw new RunFailure(
        resolution ? "escalation-rejected" : "escalation-timeout",
        resolution ? `${reason} A person rejected the extra spend.` : `${reason} Nobody approved the extra spend in time.`,
        { nodeId: step.id, stepId },
      );
    }
    default:
      throw new RunFailure("budget-exceeded", reason, { nodeId: step.id, stepId });
  }
}

function round(usd: number): string {
  return usd.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
}
