import { describe, expect, it } from "vitest";
import { boundsHint, isLongText, lengthHint, parseNumber } from "./field-hints";

describe("field hints", () => {
  it("uses a text area for prose: by bound, by name or by a value that already holds a paragraph", () => {
    expect(isLongText({ type: "string" }, "body", "")).toBe(true);
    expect(isLongText({ type: "string" }, "subject", "")).toBe(false);
    expect(isLongText({ type: "string", maxLength: 2000 }, "subject", "")).toBe(true);
    expect(isLongText({ type: "string", maxLength: 40 }, "body", "")).toBe(false);
    expect(isLongText({ type: "string" }, "subject", "line one\nline two")).toBe(true);
    expect(isLongText({ type: "string" }, null, "")).toBe(false);
  });

  it("states bounds in words", () => {
    expect(boundsHint({ type: "integer", minimum: 1, maximum: 5 })).toBe("Whole number from 1 to 5");
    expect(boundsHint({ type: "number", minimum: 0 })).toBe("Number, at least 0");
    expect(boundsHint({ type: "number" })).toBe("Number");
    expect(lengthHint({ type: "string", minLength: 2, maxLength: 10 })).toBe("2–10 characters");
    expect(lengthHint({ type: "string" })).toBeUndefined();
    expect(lengthHint({ type: "string", minLength: 1 })).toBe("At least 1 character");
    expect(lengthHint({ type: "string", maxLength: 80 })).toBe("At most 80 characters");
  });

  it("parses typed numbers, leaving nonsense as text for the validator to name", () => {
    expect(parseNumber(" 42 ")).toBe(42);
    expect(parseNumber("-1.5")).toBe(-1.5);
    expect(parseNumber("")).toBeUndefined();
    expect(parseNumber("12abc")).toBe("12abc");
  });
});
