import { z } from "zod";

export const Usage = z.strictObject({
  inputTokens: z.number().int().nonnegative(),
  /** The part of inputTokens served from the provider's prompt cache. */
  cachedInputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof Usage>;

/** USD per million tokens, as providers publish them. */
export const Price = z.strictObject({
  inputPerM: z.number().nonnegative(),
  cachedInputPerM: z.number().nonnegative().optional(),
  outputPerM: z.number().nonnegative(),
});
export type Price = z.infer<typeof Price>;

const M = 1_000_000;

/**
 * Cost in USD of one call. `cachedInputTokens` is counted inside `inputTokens` (as OpenAI
 * and Anthropic report it), billed at the cached rate, or the input rate when the model
 * has no cached price.
 */
export function costOf(usage: Usage, price: Price): number {
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  const cachedRate = price.cachedInputPerM ?? price.inputPerM;
  return (fresh * price.inputPerM + cached * cachedRate + usage.outputTokens * price.outputPerM) / M;
}

export interface TokenMix {
  /** Share of input tokens per call, 0..1 (the rest is output). */
  inputShare: number;
  /** Share of input tokens served from cache, 0..1. */
  cachedShare?: number;
}

/** Average USD per token for a given mix of input, cached input and output tokens. */
export function blendedRatePerToken(price: Price, mix: TokenMix): number {
  const input = clamp01(mix.inputShare);
  const cached = clamp01(mix.cachedShare ?? 0);
  const cachedRate = price.cachedInputPerM ?? price.inputPerM;
  const inputRate = (1 - cached) * price.inputPerM + cached * cachedRate;
  return (input * inputRate + (1 - input) * price.outputPerM) / M;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Expected per-run traffic of one step: how often runs reach it and what a call uses. */
export interface StepEstimate {
  stepId: string;
  /** The model this step is routed to. */
  model: string;
  /** Probability a run reaches the step (0..1); averaged calls per run may exceed 1 in loops. */
  callsPerRun: number;
  usage: Usage;
}

export interface RoutingComparison {
  /** Cost (for `runs` runs) with each step on its own model. */
  routedUsd: number;
  /** Cost (for `runs` runs) if every step used the baseline (strong) model. */
  baselineUsd: number;
  /** baseline − routed (positive = routing saves money). */
  savingsUsd: number;
  /** savings / baseline, 0 when the baseline costs nothing. */
  savingsRatio: number;
  perStep: Array<{ stepId: string; model: string; routed: number; baseline: number }>;
  /** Models with no price: their steps count as zero and the comparison is incomplete. */
  unpriced: string[];
}

/**
 * "Per-step routing vs one strong model everywhere": the same traffic priced twice.
 * `runs` scales the result to a volume (default 1 run).
 */
export function compareRouting(
  steps: readonly StepEstimate[],
  prices: Readonly<Record<string, Price>>,
  baselineModel: string,
  runs = 1,
): RoutingComparison {
  const unpriced = new Set<string>();
  const priceFor = (model: string) => {
    const price = prices[model];
    if (!price) unpriced.add(model);
    return price;
  };
  const baselinePrice = priceFor(baselineModel);
  const perStep = [...steps]
    .sort((a, b) => (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0))
    .map((s) => {
      const own = priceFor(s.model);
      return {
        stepId: s.stepId,
        model: s.model,
        routed: own ? costOf(s.usage, own) * s.callsPerRun * runs : 0,
        baseline: baselinePrice ? costOf(s.usage, baselinePrice) * s.callsPerRun * runs : 0,
      };
    });
  const routedUsd = perStep.reduce((sum, s) => sum + s.routed, 0);
  const baselineUsd = perStep.reduce((sum, s) => sum + s.baseline, 0);
  const savingsUsd = baselineUsd - routedUsd;
  return {
    routedUsd,
    baselineUsd,
    savingsUsd,
    savingsRatio: baselineUsd > 0 ? savingsUsd / baselineUsd : 0,
    perStep,
    unpriced: [...unpriced].sort(),
  };
}

/** A projected call's cost and what it is made of, so a budget refusal can say why. */
export interface CostEstimate {
  usd: number;
  inputTokens: number;
  outputTokens: number;
  /** The price used; absent when the model has no price (the call then counts as free). */
  price?: Price;
}

/** Prices the usage a call is expected to have. */
export function estimateOf(usage: { inputTokens: number; outputTokens: number }, price: Price | undefined): CostEstimate {
  if (!price) return { ...usage, usd: 0 };
  return { ...usage, usd: costOf(usage, price), price: { inputPerM: price.inputPerM, outputPerM: price.outputPerM } };
}

/** "$0.4102 (≈ 820k input tokens at $0.50/1M + 400 output tokens at $1.60/1M)". */
export function describeEstimate(e: CostEstimate): string {
  const parts = [`≈ ${tokens(e.inputTokens)} input tokens`, `${tokens(e.outputTokens)} output tokens`];
  if (e.price) {
    parts[0] += ` at ${usd(e.price.inputPerM, 2)}/1M`;
    parts[1] += ` at ${usd(e.price.outputPerM, 2)}/1M`;
  }
  return `${usd(e.usd)} (${parts.join(" + ")})`;
}

/** Dollars with up to `digits` decimals, trailing zeros dropped except for cents ("$0.25", "$0.0003"). */
export function usd(amount: number, minDigits = 0, digits = 4): string {
  const fixed = amount.toFixed(digits).replace(/0+$/, "");
  const [whole, frac = ""] = fixed.split(".");
  const f = frac.padEnd(minDigits, "0");
  return `$${whole}${f ? `.${f}` : ""}`;
}

function tokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return String(n);
}
