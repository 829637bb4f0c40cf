import { decodeTime } from "ulid";
import { describe, expect, it } from "vitest";
import { newId } from "./ids.js";

describe("newId", () => {
  it("makes ULIDs carrying the given time, strictly increasing within one millisecond", () => {
    const now = Date.UTC(2026, 10, 28, 12, 0, 0);
    const ids = Array.from({ length: 1000 }, () => newId(now));
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(decodeTime(ids[0]!)).toBe(now);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it("draws fresh randomness for every new millisecond (pooled bytes, refilled)", () => {
    const start = Date.UTC(2027, 0, 1);
    // 5,000 ids over 5,000 milliseconds need 80,000 random bytes: the 4 KiB pool is refilled ~20 times.
    const randomParts = Array.from({ length: 5000 }, (_, i) => newId(start + i).slice(10));
    expect(new Set(randomParts).size).toBe(5000);
    // Every Crockford character shows up in the random part (a stuck or biased source would not spread).
    const seen = new Set(randomParts.join(""));
    expect(seen.size).toBe(32);
  });
});
