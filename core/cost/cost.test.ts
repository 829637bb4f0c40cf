import { describe, expect, it } from "vitest";
import { blendedRatePerToken, compareRouting, costOf } from "./cost";

const strong = { inputPerM: 10, cachedInputPerM: 1, outputPerM: 40 };
const light = { inputPerM: 0.4, outputPerM: 1.6 };

describe("cost", () => {
  it("prices input, cached input and output tokens", () => {
    expect(costOf({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 }, strong)).toBeCloseTo(6 + 0.4 + 4);
    // No cached price: cached tokens are billed as input.
    expect(costOf({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 0 }, light)).toBeCloseTo(0.4);
    expect(costOf({ inputTokens: 10, cachedInputTokens: 50, outputTokens: 0 }, strong)).toBeCloseTo(10 / 1e6);
  });

  it("blends a per-token rate from the token mix", () => {
    expect(blendedRatePerToken(strong, { inputShare: 0.75 })).toBeCloseTo((0.75 * 10 + 0.25 * 40) / 1e6);
    expect(blendedRatePerToken(strong, { inputShare: 1, cachedShare: 0.5 })).toBeCloseTo(5.5 / 1e6);
  });

  it("compares per-step routing with one strong model everywhere", () => {
    const usage = { inputTokens: 1000, outputTokens: 500 };
    const result = compareRouting(
      [
        { stepId: "classify", model: "light", callsPerRun: 1, usage },
        { stepId: "draft", model: "strong", callsPerRun: 0.5, usage },
        { stepId: "x", model: "mystery", callsPerRun: 1, usage },
      ],
      { light, strong },
      "strong",
      1000,
    );
    const strongCall = costOf(usage, strong);
    const lightCall = costOf(usage, light);
    expect(result.routedUsd).toBeCloseTo((lightCall + 0.5 * strongCall) * 1000);
    expect(result.baselineUsd).toBeCloseTo((1 + 0.5 + 1) * strongCall * 1000);
    expect(result.savingsUsd).toBeCloseTo(result.baselineUsd - result.routedUsd);
    expect(result.savingsRatio).toBeGreaterThan(0.5);
    expect(result.unpriced).toEqual(["mystery"]);
    expect(result.perStep.map((s) => s.stepId)).toEqual(["classify", "draft", "x"]);
  });
});
