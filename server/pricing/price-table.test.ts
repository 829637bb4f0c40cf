import { describe, expect, it } from "vitest";
import { costOf, knownModels, lookupPrice, normaliseModelName, PriceTable, SEED_PRICE_TABLE, toPriceMap } from "./price-table";

describe("price table", () => {
  it("seeds valid, unique rows for the common OpenAI, Anthropic and simulator models", () => {
    expect(PriceTable.parse(SEED_PRICE_TABLE)).toEqual(SEED_PRICE_TABLE);
    const models = knownModels(SEED_PRICE_TABLE);
    for (const m of [
      "openai/gpt-4.1",
      "openai/gpt-4.1-mini",
      "openai/gpt-4.1-nano",
      "openai/gpt-4o",
      "openai/gpt-4o-mini",
      "openai/o3",
      "openai/o4-mini",
      "openai/gpt-5",
      "openai/gpt-5-mini",
      "openai/gpt-5-nano",
      "anthropic/claude-opus-4-1",
      "anthropic/claude-sonnet-4-5",
      "anthropic/claude-sonnet-4",
      "anthropic/claude-haiku-4-5",
      "anthropic/claude-3-5-haiku",
      "sim/light-1",
      "sim/mid-1",
      "sim/strong-1",
    ]) {
      expect(models).toContain(m);
    }
    for (const row of SEED_PRICE_TABLE) {
      expect(row.source).toBeTruthy();
      // Every row says when its price was checked; every vendor row says where.
      expect(row.asOf, row.model).toMatch(/^20\d{2}-\d{2}-\d{2}$/);
      if (!row.model.startsWith("sim/")) expect(row.source, row.model).toMatch(/^https:\/\/(platform\.openai\.com|docs\.claude\.com)\//);
      expect(row.cachedInputPerM!).toBeLessThanOrEqual(row.inputPerM);
      expect(row.outputPerM).toBeGreaterThanOrEqual(row.inputPerM);
    }
    expect(() => PriceTable.parse([...SEED_PRICE_TABLE, SEED_PRICE_TABLE[0]])).toThrow(/twice/);
    expect(() => PriceTable.parse([{ ...SEED_PRICE_TABLE[0], asOf: "Nov 2025" }])).toThrow();
  });

  it("prices simulator tiers like real light < mid < strong models", () => {
    const p = (m: string) => lookupPrice(SEED_PRICE_TABLE, m)!;
    expect(p("sim/light-1").outputPerM).toBeLessThan(p("sim/mid-1").outputPerM);
    expect(p("sim/mid-1").outputPerM).toBeLessThan(p("sim/strong-1").outputPerM);
    expect(p("sim/light-1")).toMatchObject({ inputPerM: 0.4, outputPerM: 1.6 });
  });

  it("looks up exact, dated, nested and stand-in names", () => {
    expect(normaliseModelName("gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(normaliseModelName("claude-sonnet-4-5-20250929")).toBe("claude-sonnet-4-5");
    expect(lookupPrice(SEED_PRICE_TABLE, "openai/gpt-4o-2024-08-06")?.model).toBe("openai/gpt-4o");
    expect(lookupPrice(SEED_PRICE_TABLE, "anthropic/claude-sonnet-4-5-20250929")?.model).toBe("anthropic/claude-sonnet-4-5");
    expect(lookupPrice(SEED_PRICE_TABLE, "openrouter/openai/gpt-4o")?.model).toBe("openai/gpt-4o");
    expect(lookupPrice(SEED_PRICE_TABLE, "sim/gpt-4.1-mini")?.model).toBe("openai/gpt-4.1-mini");
    expect(lookupPrice(SEED_PRICE_TABLE, "litellm/claude-haiku-4-5")?.model).toBe("anthropic/claude-haiku-4-5");
    expect(lookupPrice(SEED_PRICE_TABLE, "ollama/llama3.2")).toBeUndefined();
    expect(lookupPrice(SEED_PRICE_TABLE, "gpt-4o")).toBeUndefined();
  });

  it("costs a call with cached input at the cached rate", () => {
    const row = lookupPrice(SEED_PRICE_TABLE, "openai/gpt-4.1")!; // 2 / 0.5 / 8
    expect(costOf(row, { inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 0 })).toBeCloseTo(2, 10);
    expect(costOf(row, { inputTokens: 2000, cachedInputTokens: 1024, outputTokens: 500 })).toBeCloseTo((976 * 2 + 1024 * 0.5 + 500 * 8) / 1e6, 12);
    const map = toPriceMap(SEED_PRICE_TABLE);
    expect(map["openai/gpt-4.1"]).toEqual({ inputPerM: 2, cachedInputPerM: 0.5, outputPerM: 8 });
  });
});
