import { z } from "zod";
import { costOf as coreCostOf, type Price, type Usage } from "@/core/cost";

/**
 * USD per million tokens. `cachedInputPerM` is the price of a prompt-cache read; cached tokens
 * are counted inside input tokens (see core/cost). The seed rows are list prices from the
 * providers' public pricing pages as of `asOf` (per row, with the page in `source`); the table is
 * editable in settings because prices change, and a run's cost is computed from the table at the
 * time of the call.
 */
export const PriceRow = z.strictObject({
  /** `provider/model` as steps name it, e.g. `openai/gpt-4.1-mini`. */
  model: z.string().regex(/^[a-z0-9][a-z0-9_-]*\/\S+$/),
  inputPerM: z.number().nonnegative(),
  cachedInputPerM: z.number().nonnegative().optional(),
  outputPerM: z.number().nonnegative(),
  /** Where the price comes from: the vendor's pricing page, "simulator", or a user's edit. */
  source: z.string().optional(),
  /** YYYY-MM-DD: when the price was checked against the vendor's published price (or edited). */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  note: z.string().optional(),
});
export type PriceRow = z.infer<typeof PriceRow>;

export const PriceTable = z.array(PriceRow).superRefine((rows, ctx) => {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (seen.has(row.model)) ctx.addIssue({ code: "custom", path: [i, "model"], message: `"${row.model}" is listed twice.` });
    seen.add(row.model);
  });
});
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * Each row carries where its price was read (`source`, the vendor's page) and when (`asOf`: the date of
 * the vendor's published price list it was checked against: standard tier, no batch or priority
 * discounts). The last check (2026-11-28) compared every row with those lists as published on the
 * dates given; it could not fetch the pages again, so a price changed since then is not reflected.
 * Settings → Models shows each row's date so a stale one is visible; editing a row records the edit date.
 */
// OpenAI's page per model lists its standard-tier price (the same as https://platform.openai.com/docs/pricing).
const OPENAI_MODELS = "https://platform.openai.com/docs/models";
const ANTHROPIC_PRICING = "https://docs.claude.com/en/docs/about-claude/pricing";

const openai = (model: string, inputPerM: number, cachedInputPerM: number, outputPerM: number, asOf: string): PriceRow => ({
  model: `openai/${model}`,
  inputPerM,
  cachedInputPerM,
  outputPerM,
  source: `${OPENAI_MODELS}/${model}`,
  asOf,
});
/** Anthropic lists a cache read at 0.1× the input price (cache writes, 1.25×, are not modelled). */
const anthropic = (model: string, inputPerM: number, outputPerM: number, asOf: string): PriceRow => ({
  model: `anthropic/${model}`,
  inputPerM,
  cachedInputPerM: Math.round(inputPerM * 0.1 * 1000) / 1000,
  outputPerM,
  source: ANTHROPIC_PRICING,
  asOf,
});

// USD per 1M tokens: input, cached input, output; checked on the date given.
const OPENAI_ROWS: PriceRow[] = [
  openai("gpt-5", 1.25, 0.125, 10, "2025-11-13"),
  openai("gpt-5-mini", 0.25, 0.025, 2, "2025-11-13"),
  openai("gpt-5-nano", 0.05, 0.005, 0.4, "2025-11-13"),
  openai("gpt-4.1", 2, 0.5, 8, "2025-11-13"),
  openai("gpt-4.1-mini", 0.4, 0.1, 1.6, "2025-11-13"),
  openai("gpt-4.1-nano", 0.1, 0.025, 0.4, "2025-11-13"),
  openai("gpt-4o", 2.5, 1.25, 10, "2025-11-13"),
  openai("gpt-4o-mini", 0.15, 0.075, 0.6, "2025-11-13"),
  // o3 since its 80% price cut of 2025-06-10.
  openai("o3", 2, 0.5, 8, "2025-11-13"),
  openai("o4-mini", 1.1, 0.275, 4.4, "2025-11-13"),
];

const ANTHROPIC_ROWS: PriceRow[] = [
  anthropic("claude-opus-4-1", 15, 75, "2025-11-24"),
  // Opus 4.5 launched on 2025-11-24 at a third of Opus 4.1's price.
  anthropic("claude-opus-4-5", 5, 25, "2025-11-24"),
  anthropic("claude-sonnet-4-5", 3, 15, "2025-11-24"),
  anthropic("claude-sonnet-4", 3, 15, "2025-11-24"),
  anthropic("claude-haiku-4-5", 1, 5, "2025-11-24"),
  anthropic("claude-3-5-haiku", 0.8, 4, "2025-11-24"),
];

/** Simulator models cost what the real model of their tier would, so offline figures are realistic. */
const mirror = (model: string, of: string): PriceRow => {
  const real = [...OPENAI_ROWS, ...ANTHROPIC_ROWS].find((r) => r.model === of)!;
  return { ...real, model, source: "simulator", note: `Priced like ${of}.` };
};

const SIMULATOR_ROWS: PriceRow[] = [
  mirror("sim/light-1", "openai/gpt-4.1-mini"),
  mirror("sim/mid-1", "openai/gpt-4.1"),
  mirror("sim/strong-1", "anthropic/claude-sonnet-4-5"),
];

export const SEED_PRICE_TABLE: PriceTable = [...OPENAI_ROWS, ...ANTHROPIC_ROWS, ...SIMULATOR_ROWS];

/** `gpt-4o-2024-08-06` → `gpt-4o`, `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`, `-latest` dropped. */
export function normaliseModelName(model: string): string {
  return model.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/, "");
}

/**
 * The row for `provider/model`: exact, then without a date or `-latest` suffix, then the same
 * model under another provider when that match is unique, so `sim/gpt-4.1-mini` (the simulator
 * standing in for a real model), `litellm/gpt-4o-mini` or `openrouter/openai/gpt-4o` cost what the
 * real model costs. The returned row's `model` says which row matched.
 */
export function lookupPrice(table: readonly PriceRow[], ref: string): PriceRow | undefined {
  const byModel = new Map(table.map((r) => [r.model, r]));
  const exact = byModel.get(ref) ?? byModel.get(normaliseModelName(ref));
  if (exact) return exact;
  const slash = ref.indexOf("/");
  if (slash <= 0) return undefined;
  const name = ref.slice(slash + 1);
  // OpenRouter-style names carry the real provider: `openrouter/openai/gpt-4o`.
  const nested = byModel.get(name) ?? byModel.get(normaliseModelName(name));
  if (nested) return nested;
  const bare = normaliseModelName(name);
  const candidates = table.filter((r) => r.source !== "simulator" && r.model.slice(r.model.indexOf("/") + 1) === bare);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** USD for one call. Argument order follows this module (row first); core/cost's costOf takes usage first. */
export function costOf(price: Price, usage: Usage): number {
  return coreCostOf(usage, price);
}

/** `provider/model` → Price, the shape core's routing comparison and validation take. */
export function toPriceMap(table: readonly PriceRow[]): Record<string, Price> {
  const map: Record<string, Price> = {};
  for (const row of table) {
    map[row.model] = {
      inputPerM: row.inputPerM,
      outputPerM: row.outputPerM,
      ...(row.cachedInputPerM !== undefined ? { cachedInputPerM: row.cachedInputPerM } : {}),
    };
  }
  return map;
}

/** Models with a price, for the validator's `model-unknown` warning. */
export function knownModels(table: readonly PriceRow[]): string[] {
  return table.map((r) => r.model).sort();
}
