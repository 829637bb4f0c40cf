import type { Tier } from "../graph/model-choice";
import type { Price } from "./cost";
import { modelFor, priceTokens, projectProcess, type Projection, type ProjectionContext, type ProjectionOptions } from "./projection";

/** USD per 1M tokens at an input share (0..1, the rest output) and a cached share of the input. */
export function blendedPerM(price: Price, inputShare: number, cachedShare = 0): number {
  const i = Math.min(1, Math.max(0, inputShare));
  const c = Math.min(1, Math.max(0, cachedShare));
  return i * ((1 - c) * price.inputPerM + c * (price.cachedInputPerM ?? price.inputPerM)) + (1 - i) * price.outputPerM;
}

/** The process's input:output mix from a projection's expected tokens (per run). */
export function tokenMix(p: Projection): { inputShare: number; cachedShare: number } {
  let input = 0, cached = 0, output = 0;
  for (const n of p.nodes) {
    const k = n.reach * n.callsPerReach;
    input += k * n.perCall.input;
    cached += k * n.perCall.cached;
    output += k * n.perCall.output;
  }
  return { inputShare: input + output > 0 ? input / (input + output) : 0.5, cachedShare: input > 0 ? cached / input : 0 };
}

export interface WhatIf {
  base: Projection;
  changed: Projection;
  deltaPerRun: number;
  deltaPerMonth: number;
}

/** The same process with some nodes on another model or tier. */
export function whatIf(ctx: ProjectionContext, options: ProjectionOptions, overrides: NonNullable<ProjectionOptions["overrides"]>): WhatIf {
  const base = projectProcess(ctx, options);
  const changed = projectProcess(ctx, { ...options, overrides: { ...options.overrides, ...overrides } });
  const deltaPerRun = changed.totalPerRun - base.totalPerRun;
  return { base, changed, deltaPerRun, deltaPerMonth: deltaPerRun * base.runsPerMonth };
}

export interface StrongBaseline {
  model: string;
  routedPerRun: number;
  baselinePerRun: number;
  /** (baseline − routed) / baseline; null when the baseline costs nothing or is unpriced. */
  saving: number | null;
  baselineMonthly: number;
  routedMonthly: number;
}

/** "One strong model everywhere": the same token volumes re-priced on the strongest configured model. */
export function strongBaseline(ctx: ProjectionContext, options: ProjectionOptions = {}, strongModel = ctx.tiers.strong): StrongBaseline {
  const routed = projectProcess(ctx, options);
  const everywhere = Object.fromEntries(ctx.graph.nodes.filter((n) => n.kind === "llm").map((n) => [n.id, { model: strongModel }]));
  const baseline = projectProcess(ctx, { ...options, overrides: everywhere });
  const priced = baseline.unpricedModels.length === 0 && baseline.perRun > 0;
  return {
    model: strongModel,
    routedPerRun: routed.perRun,
    baselinePerRun: baseline.perRun,
    saving: priced ? (baseline.perRun - routed.perRun) / baseline.perRun : null,
    baselineMonthly: baseline.perRun * routed.runsPerMonth,
    routedMonthly: routed.perRun * routed.runsPerMonth,
  };
}

export interface ReviewStats {
  /** Reviewed runs of the node's output (human steps whose subject is the node). */
  reviewed: number;
  approvedAsIs: number;
  /** Reviews that edited the output, and that rejected it (the rest of `reviewed` took a custom decision). */
  edited?: number;
  rejected?: number;
  /** Where shadow data exists: runs in which the cheaper model also answered, and how many of its answers agreed. */
  shadow?: { compared: number; agreed: number };
}

export interface DowngradeRule {
  /** Share of reviews approved as is, 0..1 (default 0.95). */
  minApprovedShare?: number;
  /** Reviews needed before a node qualifies (default 20). */
  minReviewed?: number;
}

export interface DowngradeCandidate {
  nodeId: string;
  fromModel: string;
  toTier: Tier;
  toModel: string;
  reviewed: number;
  approvedShare: number;
  /** Shares of the reviews that edited / rejected the output; null when the stats do not say. */
  editedShare: number | null;
  rejectedShare: number | null;
  savingPerRun: number;
  savingPerMonth: number;
  /** Share of shadow comparisons that agreed; null without shadow data. */
  shadowAgreement: number | null;
}

const TIERS: Tier[] = ["light", "mid", "strong"];

/**
 * Nodes whose reviewed output was approved as is in at least `minApprovedShare` of at least
 * `minReviewed` reviews, where a cheaper tier exists (cheaper at the node's own token mix). The
 * suggestion is the smallest step down: the most expensive tier that is still cheaper.
 */
export function downgradeCandidates(ctx: ProjectionContext, options: ProjectionOptions, reviews: Readonly<Record<string, ReviewStats>>, rule: DowngradeRule = {}): DowngradeCandidate[] {
  const minShare = rule.minApprovedShare ?? 0.95;
  const minReviewed = rule.minReviewed ?? 20;
  const base = projectProcess(ctx, options);
  const out: DowngradeCandidate[] = [];
  for (const n of base.nodes) {
    const stats = reviews[n.nodeId];
    if (!stats || stats.reviewed < minReviewed || !n.model) continue;
    const share = stats.approvedAsIs / stats.reviewed;
    if (share < minShare) continue;
    const current = ctx.prices[n.model];
    if (!current) continue;
    const cost = (p: Price) => priceTokens(n.perCall, p);
    const cheaper = TIERS.map((t) => ({ tier: t, model: modelFor({ tier: t }, ctx.tiers) }))
      .filter((t) => t.model !== n.model && ctx.prices[t.model] && cost(ctx.prices[t.model]!) < cost(current))
      .sort((a, b) => cost(ctx.prices[b.model]!) - cost(ctx.prices[a.model]!));
    const pick = cheaper[0];
    if (!pick) continue;
    const w = whatIf(ctx, options, { [n.nodeId]: { tier: pick.tier } });
    out.push({
      nodeId: n.nodeId,
      fromModel: n.model,
      toTier: pick.tier,
      toModel: pick.model,
      reviewed: stats.reviewed,
      approvedShare: share,
      editedShare: stats.edited === undefined ? null : stats.edited / stats.reviewed,
      rejectedShare: stats.rejected === undefined ? null : stats.rejected / stats.reviewed,
      savingPerRun: -w.deltaPerRun,
      savingPerMonth: -w.deltaPerMonth,
      shadowAgreement: stats.shadow && stats.shadow.compared > 0 ? stats.shadow.agreed / stats.shadow.compared : null,
    });
  }
  return out.sort((a, b) => b.savingPerMonth - a.savingPerMonth);
}
