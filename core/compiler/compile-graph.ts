import type { ModelChoice } from "../graph/model-choice";
import type { Node } from "../graph/nodes";
import type { ProcessGraph } from "../graph/process-graph";
import { edgeKind } from "../graph/edges";
import { findJoin, type GraphIndex } from "../graph/topology";
import { analyzeGraph } from "../validation/validate-graph";
import { hasErrors, type Diagnostic, type ValidationContext } from "../validation/diagnostic";
import { routerSourceText } from "../validation/check-routers";
import { canonicalJson } from "./canonical-json";
import { buildFunctionConfig } from "./function-config";
import { PLAN_FORMAT, type ExecutionPlan, type PlanStep } from "./plan-schema";
import { sha256Hex } from "./sha256";

export const DEFAULT_ESCALATION_TIMEOUT = "1d";

export type CompileResult =
  | { ok: true; plan: ExecutionPlan; hash: string; diagnostics: Diagnostic[] }
  | { ok: false; plan?: undefined; hash?: undefined; diagnostics: Diagnostic[] };

/**
 * Graph → immutable execution plan. Refuses (ok: false) when validation reports errors;
 * warnings are returned alongside a plan. Same graph → same plan → same hash, whatever
 * the order of nodes, edges or object keys in the input.
 */
export interface CompileOptions {
  /**
   * SHA-256 as lowercase hex. Defaults to the small synchronous implementation that also runs in
   * the browser; the server passes node:crypto's (same digest, ~10x faster on a plan at the size cap).
   */
  sha256?: (text: string) => string;
}

export function compileGraph(input: unknown, ctx: ValidationContext, opts: CompileOptions = {}): CompileResult {
  const { graph, index, diagnostics } = analyzeGraph(input, ctx);
  if (!graph || !index || hasErrors(diagnostics)) return { ok: false, diagnostics };
  const plan = deepFreeze(buildPlan(graph, index, ctx));
  return { ok: true, plan, hash: hashPlan(plan, opts.sha256), diagnostics };
}

/**
 * The hash identifies behaviour: the version number (which changes on every publish) is
 * left out, so publishing an unchanged graph can be detected.
 */
export function hashPlan(plan: ExecutionPlan, sha256: (text: string) => string = sha256Hex): string {
  const { process, functionConfig, ...rest } = plan;
  const content = {
    ...rest,
    process: { slug: process.slug, name: process.name },
    functionConfig: { ...functionConfig, id: undefined, name: undefined, triggers: undefined },
  };
  return `sha256:${sha256(canonicalJson(content))}`;
}

function buildPlan(graph: ProcessGraph, index: GraphIndex, ctx: ValidationContext): ExecutionPlan {
  const resolve = (choice: ModelChoice) => ("tier" in choice ? ctx.tiers[choice.tier]! : choice.model);
  const steps: PlanStep[] = index.order
    .filter((id) => index.reachable.has(id))
    .map((id) => {
      const node = index.nodes.get(id)!;
      const step: PlanStep = {
        id,
        node: canonicalNode(node),
        next: index.outgoing.get(id)!.map((e) => ({
          id: e.id,
          target: e.target,
          kind: edgeKind(e),
          handle: e.sourceHandle,
          when: e.when,
        })),
      };
      if (node.kind === "llm") step.models = [...new Set([node.model, ...(node.fallbacks ?? [])].map(resolve))];
      if (node.kind === "parallel") step.join = findJoin(index, id);
      if (node.kind === "human") step.timeout = node.timeout ?? graph.settings?.timeouts?.human;
      return step;
    });

  const budget = graph.settings?.budget;
  return {
    format: PLAN_FORMAT,
    process: { slug: graph.slug, name: graph.name, version: graph.version },
    entry: index.trigger!.id,
    inputSchema: index.trigger!.kind === "trigger" ? index.trigger!.inputSchema : { type: "object", properties: {} },
    steps,
    budget: budget && {
      perRunUsd: budget.perRunUsd,
      onBreach: budget.onBreach,
      fallbackModel: budget.onBreach === "fallback" ? ctx.tiers[budget.fallbackTier ?? "light"] : undefined,
    },
    escalationTimeout: graph.settings?.timeouts?.human ?? DEFAULT_ESCALATION_TIMEOUT,
    functionConfig: buildFunctionConfig(graph),
  };
}

/** Drop canvas-only data and normalise spellings that mean the same thing. */
function canonicalNode(node: Node): Node {
  const { position: _position, ...rest } = node;
  if (rest.kind === "router") return { ...rest, source: routerSourceText(rest.source) };
  return rest as Node;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
