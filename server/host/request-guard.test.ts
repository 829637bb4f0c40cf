import { describe, expect, it } from "vitest";
import { malformedPathProblem, pageBodyProblem } from "./request-guard";

describe("malformedPathProblem", () => {
  it.each(["/api/v1/runs/%E0%A4%A", "/api/hooks/%ZZ", "/api/trpc/%ZZ", "/runs/%ZZ", "/runs/%", "/a/%ED%A0%80", "/x%C3?ok=1"])("refuses %s", (url) => {
    expect(malformedPathProblem(url)).toMatch(/not valid percent-encoding/);
  });
  it.each(["/", "/api/v1/runs/run_1", "/runs/%C3%A9", "/api/health?x=%ZZ", "/a#%ZZ", "/p%20q"])("accepts %s", (url) => {
    expect(malformedPathProblem(url)).toBeUndefined();
  });
});

describe("pageBodyProblem", () => {
  it("refuses bodies sent to pages and leaves the API alone", () => {
    expect(pageBodyProblem("POST", "/runs")).toMatch(/Pages accept GET only \(this was POST\)/);
    expect(pageBodyProblem("PUT", "/")).toBeDefined();
    expect(pageBodyProblem("GET", "/runs")).toBeUndefined();
    expect(pageBodyProblem("HEAD", "/runs")).toBeUndefined();
    for (const url of ["/api/v1/runs", "/api/hooks/x", "/api/trpc/runs.create", "/api/auth/sign-in/email", "/api/inngest"]) expect(pageBodyProblem("POST", url)).toBeUndefined();
    expect(pageBodyProblem("POST", "/apiary")).toBeDefined();
  });
});
