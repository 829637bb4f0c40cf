import { describe, expect, it } from "vitest";
import { isTrustedOrigin } from "./origin";

const allowed = ["https://baton.example.com"];
const check = (h: Record<string, string>, url = "https://baton.example.com/api/trpc/x") =>
  isTrustedOrigin(new Headers(h), url, allowed);

describe("isTrustedOrigin", () => {
  it("accepts the configured origin and the request's own origin", () => {
    expect(check({ origin: "https://baton.example.com" })).toBe(true);
    expect(check({ origin: "http://localhost:3000" }, "http://localhost:3000/api/trpc/x")).toBe(true);
  });

  it("rejects other origins and cross-site fetch metadata", () => {
    expect(check({ origin: "https://evil.example" })).toBe(false);
    expect(check({ origin: "https://baton.example.com.evil.example" })).toBe(false);
    expect(check({ origin: "null" })).toBe(false);
    expect(check({ origin: "https://baton.example.com", "sec-fetch-site": "cross-site" })).toBe(false);
    expect(check({ origin: "https://baton.example.com", "sec-fetch-site": "same-site" })).toBe(false);
  });

  it("without Origin, trusts only same-origin fetch metadata", () => {
    expect(check({})).toBe(false);
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(true);
  });
});
