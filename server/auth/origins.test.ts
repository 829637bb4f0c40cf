import { describe, expect, it } from "vitest";
import { trustedOriginsFor } from "./origins";

describe("trustedOriginsFor", () => {
  it("is the app origin for a public URL", () => {
    expect(trustedOriginsFor("https://baton.example.com/some/path")).toEqual(["https://baton.example.com"]);
  });

  it("covers every loopback spelling for a local URL, keeping the port", () => {
    expect(trustedOriginsFor("http://localhost:3000")).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
    ]);
  });
});
