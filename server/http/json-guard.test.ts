import { describe, expect, it } from "vitest";
import { findJsonProblem, MAX_JSON_DEPTH } from "./json-guard";

const nested = (levels: number) => JSON.parse(`${"[".repeat(levels)}${"]".repeat(levels)}`) as unknown;

describe("findJsonProblem", () => {
  it("allows 64 levels and refuses 65, iteratively even at 1,000,000", () => {
    expect(findJsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findJsonProblem(nested(MAX_JSON_DEPTH + 1))?.message).toContain("nested deeper than 64 levels");
    expect(findJsonProblem(nested(1_000_000))?.kind).toBe("depth");
  });

  it("finds an unpaired surrogate in a value or a key and says where", () => {
    expect(findJsonProblem({ input: { items: ["ok", "bad \ud800 here"] } })?.message).toMatch(/a string at input\.items\[1\] with an unpaired UTF-16 surrogate \(\\uD800\)/);
    expect(findJsonProblem({ a: { ["k\udc00"]: 1 } })?.message).toMatch(/a key at a with an unpaired UTF-16 surrogate \(\\uDC00\)/);
    expect(findJsonProblem("\udfff")?.kind).toBe("surrogate");
  });

  it("accepts well-formed text, including pairs and astral characters", () => {
    expect(findJsonProblem({ emoji: "😀 \ud83d\ude00", "clé": "naïve", n: [1, null, true] })).toBeUndefined();
  });
});
