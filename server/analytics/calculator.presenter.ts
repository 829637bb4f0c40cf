import { z } from "zod";
import { NodeObservation, ProcessGraph, type Price, type ReviewStats } from "@/core";
import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { lookupPrice } from "@/server/pricing/price-table";
import { DEFAULT_PROVIDER_SETTINGS } from "@/server/providers/registry";
import { getTierSettings, loadPriceTable } from "@/server/settings/settings.service";
import { humanDecisions } from "./node-analytics.presenter";
import { nodeTotals, reachTokenPercentiles } from "./rollup-query";
import { dialectOf, num, rows, runScope } from "./sql";

/**
 * Everything the cost calculator needs, so the browser can run core's projection (and every what-if)
 * without another request: the graph, tier → model, prices, and, for a published version with runs,
 * per-node observations and review outcomes aggregated in SQL.
 */
export const calculatorInput = z.object({
  slug: z.string().min(1),
  version: z.union([z.number().int().positive(), z.literal("draft")]).optional().describe("A published version (default: the latest) or the draft"),
  /** Observations from runs created in the last `days` days (default 90). */
  days: z.number().int().min(1).max(365).default(90),
});
export type CalculatorInput = z.input<typeof calculatorInput>;

const tokenTriple = z.object({ input: z.number(), cached: z.number(), output: z.number() });
export const calculatorContext = z.object({
  process: z.object({ slug: z.string(), name: z.string() }),
  versions: z.array(z.number().int()),
  source: z.union([z.number().int(), z.literal("draft")]),
  graph: z.custom<ProcessGraph>(),
  tiers: z.object({ light: z.string(), mid: z.string(), strong: z.string() }),
  prices: z.record(z.string(), z.object({ inputPerM: z.number(), cachedInputPerM: z.number().optional(), outputPerM: z.number() })),
  runs: z.number().int().describe("Runs the observations come from (0 for a draft or a version that never ran)"),
  observed: z.record(z.string(), NodeObservation.extend({ perCall: tokenTriple, perReachP10: tokenTriple, perReachP90: tokenTriple })),
  reviews: z
    .record(z.string(), z.object({ reviewed: z.number().int(), approvedAsIs: z.number().int(), edited: z.number().int(), rejected: z.number().int() }))
    .describe("Keyed by the reviewed node (a human step's subject): resolved reviews, and how many approved as is, edited, rejected (the rest took a custom decision)"),
});
export type CalculatorContext = z.infer<typeof calculatorContext>;

export async function getCalculatorContext(db: Db, input: CalculatorInput, now = new Date()): Promise<CalculatorContext> {
  const params = calculatorInput.parse(input);
  const process = await db.process.findFirst({ where: { OR: [{ slug: params.slug }, { publicId: params.slug }] } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${params.slug}".`, { slug: params.slug });
  const versions = await db.processVersion.findMany({ where: { processId: process.id, kind: "published" }, orderBy: { version: "desc" }, select: { id: true, version: true, graph: true } });
  const wanted: number | "draft" = params.version === "draft" || (params.version === undefined && versions.length === 0) ? "draft" : (params.version ?? versions[0]!.version);
  const chosen = wanted === "draft" ? null : versions.find((v) => v.version === wanted);
  if (wanted !== "draft" && !chosen) throw new AppError("NOT_FOUND", `"${process.slug}" has no version ${wanted}. Pick a published version or the draft.`);
  const parsed = ProcessGraph.safeParse(chosen ? chosen.graph : process.draft);
  if (!parsed.success) throw new AppError("PRECONDITION_FAILED", `The ${chosen ? `version ${wanted}` : "draft"} graph of "${process.slug}" is not a valid graph; fix it in the designer first.`);
  const graph = parsed.data;

  const stored = await getTierSettings(db);
  const tiers = { ...DEFAULT_PROVIDER_SETTINGS.tiers, ...stored } as CalculatorContext["tiers"];
  const table = await loadPriceTable(db);
  const prices: Record<string, Price> = {};
  const named = new Set([...table.map((r) => r.model), ...Object.values(tiers), ...graph.nodes.flatMap((n) => (n.kind === "llm" ? [n.model, ...(n.fallbacks ?? [])] : [])).flatMap((c) => ("model" in c ? [c.model] : []))]);
  for (const model of named) {
    const row = lookupPrice(table, model);
    if (row) prices[model] = { inputPerM: row.inputPerM, outputPerM: row.outputPerM, ...(row.cachedInputPerM !== undefined ? { cachedInputPerM: row.cachedInputPerM } : {}) };
  }

  const base = { process: { slug: process.slug, name: process.name }, versions: versions.map((v) => v.version), source: wanted, graph, tiers, prices };
  if (!chosen) return { ...base, runs: 0, observed: {}, reviews: {} };
  const from = new Date(now.getTime() - params.days * 864e5);
  const { runs, observed } = await observe(db, { processId: process.id, versionId: chosen.id, from, to: now });
  // Only the review decisions: the rest of the node table (latency, model mix) is not needed here.
  const decisions = await humanDecisions(db, dialectOf(db), runScope({ processId: process.id, versionId: chosen.id, from, to: now }));
  const byNode = new Map(decisions.map((r) => [String(r.node_id), r]));
  const reviews: Record<string, Required<Pick<ReviewStats, "reviewed" | "approvedAsIs" | "edited" | "rejected">>> = {};
  for (const n of graph.nodes) {
    if (n.kind !== "human" || !n.subject) continue;
    const d = byNode.get(n.id);
    if (!d) continue;
    // Several human steps may review one node: their decisions add up.
    const prev = reviews[n.subject] ?? { reviewed: 0, approvedAsIs: 0, edited: 0, rejected: 0 };
    reviews[n.subject] = {
      reviewed: prev.reviewed + num(d.approve) + num(d.edit) + num(d.reject) + num(d.custom),
      approvedAsIs: prev.approvedAsIs + num(d.approve),
      edited: prev.edited + num(d.edit),
      rejected: prev.rejected + num(d.reject),
    };
  }
  return { ...base, runs, observed, reviews };
}

/** Per node: reach, calls per reached run, mean tokens per call, and p10/p90 of a reached run's tokens. */
async function observe(db: Db, s: { processId: string; versionId: string; from: Date; to: Date }) {
  const d = dialectOf(db);
  const where = runScope(s);
  const w = { processId: s.processId, versionId: s.versionId, from: s.from, to: s.to };
  const [[total], totals, bands] = await Promise.all([
    rows(db, Prisma.sql`SELECT COUNT(*) AS runs FROM run r WHERE ${where}`),
    // Runs reached, calls and token sums per node: the hourly rollups plus the raw partial hours.
    nodeTotals(db, d, w),
    // The p10/p90 band of a reached run's tokens, from the reach-tokens histogram.
    reachTokenPercentiles(db, d, w),
  ]);
  const runs = num(total?.runs);
  const observed: Record<string, NodeObservation> = {};
  for (const t of totals) {
    const id = String(t.node_id);
    const reached = num(t.runs), calls = num(t.calls);
    if (!runs || !reached || !calls) continue;
    const band = (m: string, i: number) => bands.get(`${id}\u0000${m}`)?.[i] ?? 0;
    observed[id] = {
      reach: reached / runs,
      callsPerReach: calls / reached,
      perCall: { input: num(t.input_tokens) / calls, cached: num(t.cached_tokens) / calls, output: num(t.output_tokens) / calls },
      perReachP10: { input: band("input", 0), cached: band("cached", 0), output: band("output", 0) },
      perReachP90: { input: band("input", 1), cached: band("cached", 1), output: band("output", 1) },
    };
  }
  return { runs, observed };
}
