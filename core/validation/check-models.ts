import { edgeKind } from "../graph/edges";
import { describeModelChoice, type ModelChoice, type Tier } from "../graph/model-choice";
import type { Node } from "../graph/nodes";
import { type Checker, label } from "./checker";

function configured(c: Checker): string {
  const entries = (Object.entries(c.ctx.tiers) as [Tier, string | undefined][])
    .filter(([, m]) => m)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([t, m]) => `${t} → ${m}`);
  return entries.length ? `configured: ${entries.join(", ")}` : "no tier is configured";
}

export function checkModels(c: Checker): void {
  for (const node of c.index.nodes.values()) {
    if (node.kind !== "llm") continue;
    const choices: [string, ModelChoice][] = [
      ["its model", node.model],
      ...(node.fallbacks ?? []).map((f, i): [string, ModelChoice] => [`fallback #${i + 1}`, f]),
    ];
    for (const [where, choice] of choices) checkChoice(c, node, where, choice);
  }
  checkBudget(c);
}

function checkChoice(c: Checker, node: Node, where: string, choice: ModelChoice): void {
  let model: string | undefined;
  if ("tier" in choice) {
    model = c.ctx.tiers[choice.tier];
    if (!model) {
      c.report({
        severity: "error",
        code: "tier-unconfigured",
        nodeId: node.id,
        message: `${label(node)} uses ${describeModelChoice(choice)} for ${where}, but no model is configured for that tier (${configured(c)}).`,
        hint: `Map the "${choice.tier}" tier to a model in settings, or pick a named model for this step.`,
      });
      return;
    }
  } else {
    model = choice.model;
  }
  if (c.ctx.knownModels && !c.ctx.knownModels.includes(model)) {
    c.report({
      severity: "warning",
      code: "model-unknown",
      nodeId: node.id,
      message: `${label(node)} uses model "${model}" for ${where}, which is not in the price table, so its cost cannot be computed or capped.`,
      hint: `Check the spelling, or add "${model}" with its prices to the price table.`,
    });
  }
}

function checkBudget(c: Checker): void {
  const budget = c.graph.settings?.budget;
  const llms = [...c.index.nodes.values()].filter((n) => n.kind === "llm");
  for (const node of llms) {
    const budgetEdges = c.index.outgoing.get(node.id)!.filter((e) => edgeKind(e) === "budget");
    if (budget?.onBreach === "branch" && budgetEdges.length !== 1) {
      c.report({
        severity: "error",
        code: "budget-branch-missing",
        nodeId: node.id,
        message: `The process budget says "branch" on breach, but ${label(node)} has ${budgetEdges.length} budget edges; it needs exactly one to take when the budget runs out before its model call.`,
        hint: 'Add one edge of kind "budget" from this step (e.g. to a human step or a cheaper path), or change onBreach.',
      });
    }
    if (budget?.onBreach !== "branch" && budgetEdges.length > 0) {
      c.report({
        severity: "warning",
        code: "budget-edge-unused",
        nodeId: node.id,
        edgeId: budgetEdges[0]!.id,
        message: `${label(node)} has a budget edge, but the process budget ${budget ? `says "${budget.onBreach}" on breach` : "is not set"}, so the edge is never taken.`,
        hint: 'Set settings.budget.onBreach to "branch", or remove the edge.',
      });
    }
    const cap = node.policy?.budgetUsd;
    if (cap !== undefined && budget && cap > budget.perRunUsd) {
      c.report({
        severity: "info",
        code: "step-budget-above-run",
        nodeId: node.id,
        message: `${label(node)} has a step budget of $${cap}, above the run budget of $${budget.perRunUsd}; the run budget is reached first.`,
        hint: "Lower the step budget or raise the run budget.",
      });
    }
  }
  if (budget?.onBreach === "fallback") {
    const tier = budget.fallbackTier ?? "light";
    if (!c.ctx.tiers[tier]) {
      c.report({
        severity: "error",
        code: "tier-unconfigured",
        message: `The process budget falls back to the "${tier}" tier on breach, but no model is configured for it (${configured(c)}).`,
        hint: `Map the "${tier}" tier to a cheap model in settings, or set budget.fallbackTier to a configured tier.`,
      });
    }
  }
  if (budget && llms.length === 0) {
    c.report({
      severity: "info",
      code: "budget-without-models",
      message: `The process has a budget of $${budget.perRunUsd} per run but no llm step, so nothing is charged against it.`,
      hint: "Remove the budget, or keep it for when model steps are added.",
    });
  }
}
