import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

const ORIGIN = "https://baton.example.com";

describe("safeReturnPath (open redirect after sign-in)", () => {
  it.each([
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/processes",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "/\t/evil.example",
    "\\\\evil.example",
    " //evil.example",
  ])("refuses %j: falls back to /", (next) => {
    expect(safeReturnPath(next, ORIGIN)).toBe("/");
    expect(safeReturnPath(next)).toBe("/");
  });

  it("whatever it returns resolves to the same origin in a browser's URL parser", () => {
    for (const next of ["/%5Cevil.example", "/%2F%2Fevil.example", "/runs?x=//evil#//evil", "/./\\evil"]) {
      const path = safeReturnPath(next, ORIGIN);
      expect(new URL(path, ORIGIN).origin, next).toBe(ORIGIN);
      expect(path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\"), next).toBe(true);
    }
  });

  it("refuses a scheme-relative URL with another scheme than ours", () => {
    expect(safeReturnPath("http:evil.example", ORIGIN)).toBe("/");
  });

  it("keeps same-origin paths with their query and hash", () => {
    expect(safeReturnPath("/runs", ORIGIN)).toBe("/runs");
    expect(safeReturnPath("/runs?status=failed#top", ORIGIN)).toBe("/runs?status=failed#top");
    expect(safeReturnPath(`${ORIGIN}/inbox`, ORIGIN)).toBe("/inbox");
    expect(safeReturnPath(["/inbox", "//evil"], ORIGIN)).toBe("/inbox");
  });

  it("falls back to / when there is nothing to return to", () => {
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath("")).toBe("/");
    expect(safeReturnPath([])).toBe("/");
  });
});
