import type { PlanStep } from "../compiler/plan-schema";
import { describeEstimate, usd, type CostEstimate } from "../cost/cost";
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
  const projected: CostEstimate = x.services.estimateCost?.({ ...request, model }) ?? { usd: 0, inputTokens: 0, outputTokens: 0 };
  const estimate = projected.usd;
  const runBudget = x.plan.budget;
  const stepCap = step.node.policy?.budgetUsd;

  const breaches: string[] = [];
  if (runBudget && !x.state.budgetWaived && x.state.costUsd + estimate >= runBudget.perRunUsd) {
    breaches.push(overBy("the run", x.state.costUsd, runBudget.perRunUsd, "budget", estimate));
  }
  if (stepCap !== undefined && stepCostUsd + estimate >= stepCap) {
    breaches.push(overBy("the step", stepCostUsd, stepCap, "cap", estimate));
  }
  if (breaches.length === 0) return { action: "proceed", model };

  // Say what the projected call would cost and why (tokens × price): "spent $0 of $0.25" alone
  // does not tell anyone that a 3 MB input is the problem.
  const reason =
    `Budget reached before calling ${model} at step "${step.id}": the projected call costs ~${describeEstimate(projected)}; ` +
    `${breaches.join("; ")}.`;
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

/** "the run has spent $0 of its $0.25 budget; the call would take it to $0.41, $0.16 over". */
function overBy(who: string, spent: number, limit: number, what: string, estimate: number): string {
  const after = spent + estimate;
  const tail =
    after > limit
      ? `, and the call would take it to ${usd(after)}, ${usd(after - limit)} over`
      : spent >= limit
        ? ""
        : `, and the call would use all that is left`;
  return `${who} has spent ${usd(spent)} of its ${usd(limit)} ${what}${tail}`;
}
