import { describe, expect, it } from "vitest";
import { quantile, spreadOf } from "./spread";

describe("quantile", () => {
  it("interpolates between closest ranks", () => {
    // Sorted 1,2,3,4: p10 at rank 0.3 → 1.3; median at 1.5 → 2.5; p90 at 2.7 → 3.7.
    expect(quantile([4, 1, 3, 2], 0.1)).toBeCloseTo(1.3);
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5);
    expect(quantile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe("spreadOf", () => {
  it("counts booleans and enums, summarises numbers and array lengths, and counts distinct free text", () => {
    const outputs = [
      { category: "billing", urgent: false, confidence: 0.9, items: [1, 2], reply: "a" },
      { category: "technical", urgent: true, confidence: 0.5, items: [], reply: "b" },
      { category: "billing", urgent: false, confidence: 0.7, items: [3], reply: "c" },
    ];
    const long = Array.from({ length: 13 }, (_, i) => ({ reply: `text ${i}` }));
    expect(spreadOf(outputs)).toEqual([
      { field: "category", kind: "distribution", count: 3, counts: { billing: 2, technical: 1 } },
      { field: "urgent", kind: "distribution", count: 3, counts: { false: 2, true: 1 } },
      { field: "confidence", kind: "numbers", count: 3, min: 0.5, median: 0.7, max: 0.9 },
      { field: "items.length", kind: "numbers", count: 3, min: 0, median: 1, max: 2 },
      { field: "reply", kind: "distribution", count: 3, counts: { a: 1, b: 1, c: 1 } },
    ]);
    expect(spreadOf(long)).toEqual([{ field: "reply", kind: "text", count: 13, distinct: 13 }]);
  });

  it("treats a bare value as the field \"\" and skips nulls", () => {
    expect(spreadOf([3, 1, null, 2])).toEqual([{ field: "", kind: "numbers", count: 3, min: 1, median: 2, max: 3 }]);
  });
});
