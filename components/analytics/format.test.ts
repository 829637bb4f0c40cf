import { describe, expect, it } from "vitest";
import { bucketsOf, bucketWindow, formatMoney, formatPercent } from "./format";

describe("analytics format", () => {
  it("lists every bucket of a window, including empty ones", () => {
    const b = bucketsOf(new Date("2026-06-13T15:30:00Z"), new Date("2026-06-15T01:00:00Z"), "day");
    expect(b).toEqual(["2026-06-13", "2026-06-14", "2026-06-15"]);
    expect(bucketsOf(new Date("2026-06-13T15:30:00Z"), new Date("2026-06-13T17:10:00Z"), "hour")).toEqual([
      "2026-06-13T15:00:00Z",
      "2026-06-13T16:00:00Z",
      "2026-06-13T17:00:00Z",
    ]);
  });

  it("turns a bucket back into the window the runs list filters on", () => {
    expect(bucketWindow("2026-06-14", "day")).toEqual({ from: new Date("2026-06-14T00:00:00Z"), to: new Date("2026-06-15T00:00:00Z") });
    expect(bucketWindow("2026-06-14T05:00:00Z", "hour").to).toEqual(new Date("2026-06-14T06:00:00Z"));
  });

  it("keeps sub-cent money readable and marks missing values", () => {
    expect(formatMoney(0.000123)).toBe("$0.000123");
    expect(formatMoney(12.5)).toBe("$12.50");
    expect(formatMoney(30565.8446)).toBe("$30,565.84");
    expect(formatMoney(null)).toBe("—");
    expect(formatPercent(0.123)).toBe("12.3%");
  });
});
