import { z } from "zod";
import type { ModelChoice, Tier } from "../graph/model-choice";
import type { Node } from "../graph/nodes";
import type { ProcessGraph } from "../graph/process-graph";
import type { Price } from "./cost";
import { graphReach } from "./reach";

/**
 * Cost projection per node: P(reach) × E[calls per reach] × (E[in] × price_in + E[cached] ×
 * price_cached + E[out] × price_out). Terms come from observed runs where the caller supplies them,
 * else from the graph (see graphReach and graphTokens). Unpriced models give `null`, never $0.
 */
export const TokenTriple = z.object({ input: z.number().nonnegative(), cached: z.number().nonnegative(), output: z.number().nonnegative() });
export type TokenTriple = z.infer<typeof TokenTriple>;

export const NodeObservation = z.object({
  reach: z.number().min(0).max(1),
  callsPerReach: z.number().nonnegative(),
  /** Mean tokens per call. */
  perCall: TokenTriple,
  /** 10th / 90th percentile of a reached run's tokens at this node (all its calls together). */
  perReachP10: TokenTriple,
  perReachP90: TokenTriple,
});
export type NodeObservation = z.infer<typeof NodeObservation>;

export const ProjectionOptions = z.object({
  branchWeights: z.record(z.string(), z.number().nonnegative()).optional(),
  loopIterations: z.record(z.string(), z.number().nonnegative().max(1000)).optional(),
  /** What-if: node id → a tier or a named model instead of the graph's choice. */
  overrides: z.record(z.string(), z.union([z.object({ tier: z.enum(["light", "mid", "strong"]) }), z.object({ model: z.string().min(1) })])).optional(),
  runsPerMonth: z.number().nonnegative().default(1000),
  reviewMinutes: z.number().nonnegative().default(5),
  hourlyRate: z.number().nonnegative().default(40),
});
export type ProjectionOptions = z.input<typeof ProjectionOptions>;

export interface ProjectionContext {
  graph: ProcessGraph;
  /** Tier → `provider/model`, from settings. */
  tiers: Record<Tier, string>;
  prices: Readonly<Record<string, Price>>;
  /** Node id → what runs of this version showed; absent nodes are projected from the graph. */
  observed?: Readonly<Record<string, NodeObservation>>;
}

export interface NodeProjection {
  nodeId: string;
  name: string;
  kind: Node["kind"];
  model: string | null;
  source: "observed" | "graph";
  reach: number;
  callsPerReach: number;
  perCall: TokenTriple;
  /** USD per run: expected, 10th and 90th percentile; null when the model has no price. */
  costPerRun: number | null;
  low: number | null;
  high: number | null;
  unpriced: boolean;
}

export interface Projection {
  nodes: NodeProjection[];
  /** Model cost per run over priced nodes. */
  perRun: number;
  low: number;
  high: number;
  /** Expected escalations per run × minutes × hourly rate. */
  reviewPerRun: number;
  escalationsPerRun: number;
  totalPerRun: number;
  monthly: number;
  runsPerMonth: number;
  unpricedModels: string[];
}

/** A rough token count: about four characters per token. */
export const approxTokens = (text: string) => Math.ceil(text.length / 4);
/** Each `{{ ref }}` is filled in at run time with content the graph cannot see: budget this much for it. */
export const TOKENS_PER_REFERENCE = 50;
const DEFAULT_MAX_TOKENS = 1024;

/**
 * Tokens per call of an LLM node from its graph: prompt, system and output schema for input
 * (plus an allowance per reference); output expected at half the maxTokens cap, from the schema's
 * size (p10) up to the cap (p90).
 */
export function graphTokens(node: Extract<Node, { kind: "llm" }>): { expected: TokenTriple; p10: TokenTriple; p90: TokenTriple } {
  const text = `${node.system ?? ""}\n${node.prompt}`;
  const refs = (text.match(/\{\{/g) ?? []).length;
  const schema = approxTokens(JSON.stringify(node.outputSchema));
  const input = approxTokens(text) + schema + refs * TOKENS_PER_REFERENCE;
  const cap = node.maxTokens ?? DEFAULT_MAX_TOKENS;
  const minOut = Math.min(cap, Math.max(1, Math.ceil(schema / 2)));
  return {
    expected: { input, cached: 0, output: Math.max(minOut, Math.round(cap / 2)) },
    p10: { input: approxTokens(text) + schema, cached: 0, output: minOut },
    p90: { input: input + refs * TOKENS_PER_REFERENCE, cached: 0, output: cap },
  };
}

export function modelFor(choice: ModelChoice, tiers: Record<Tier, string>): string {
  return "tier" in choice ? tiers[choice.tier] : choice.model;
}

/** USD of a (fractional, expected) token triple; cached tokens are part of input, as in costOf. */
export function priceTokens(t: TokenTriple, p: Price): number {
  const cached = Math.min(t.cached, t.input);
  return ((t.input - cached) * p.inputPerM + cached * (p.cachedInputPerM ?? p.inputPerM) + t.output * p.outputPerM) / 1e6;
}

export function projectProcess(ctx: ProjectionContext, options: ProjectionOptions = {}): Projection {
  const opts = ProjectionOptions.parse(options);
  const reach = graphReach(ctx.graph, opts);
  const unpriced = new Set<string>();
  const nodes: NodeProjection[] = [];
  let escalationsPerRun = 0;

  for (const node of [...ctx.graph.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const r = reach.get(node.id) ?? { reach: 0, executionsPerReach: 1 };
    const seen = ctx.observed?.[node.id];
    if (node.kind === "human") escalationsPerRun += seen ? seen.reach * seen.callsPerReach : r.reach * r.executionsPerReach;
    if (node.kind !== "llm") continue;
    const override = opts.overrides?.[node.id];
    const model = modelFor(override ?? node.model, ctx.tiers);
    const price = ctx.prices[model];
    if (!price) unpriced.add(model);
    const g = graphTokens(node);
    const p = seen ? seen.reach : r.reach;
    const calls = seen ? seen.callsPerReach : r.executionsPerReach;
    const perCall = seen ? seen.perCall : g.expected;
    // Observed bands are per reached run already; graph bands scale one call's tokens by the executions.
    const lowTokens = seen ? seen.perReachP10 : g.p10;
    const highTokens = seen ? seen.perReachP90 : g.p90;
    const perReachFactor = seen ? 1 : r.executionsPerReach;
    nodes.push({
      nodeId: node.id,
      name: node.name,
      kind: node.kind,
      model,
      source: seen ? "observed" : "graph",
      reach: p,
      callsPerReach: calls,
      perCall,
      costPerRun: price ? p * calls * priceTokens(perCall, price) : null,
      low: price ? p * perReachFactor * priceTokens(lowTokens, price) : null,
      high: price ? p * perReachFactor * priceTokens(highTokens, price) : null,
      unpriced: !price,
    });
  }
  const sum = (f: (n: NodeProjection) => number | null) => nodes.reduce((s, n) => s + (f(n) ?? 0), 0);
  const perRun = sum((n) => n.costPerRun);
  const reviewPerRun = escalationsPerRun * (opts.reviewMinutes / 60) * opts.hourlyRate;
  const totalPerRun = perRun + reviewPerRun;
  return {
    nodes,
    perRun,
    low: sum((n) => n.low),
    high: sum((n) => n.high),
    reviewPerRun,
    escalationsPerRun,
    totalPerRun,
    monthly: totalPerRun * opts.runsPerMonth,
    runsPerMonth: opts.runsPerMonth,
    unpricedModels: [...unpriced].sort(),
  };
}
