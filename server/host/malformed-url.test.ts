import { describe, expect, it } from "vitest";
import { malformedPathProblem } from "./malformed-url";

describe("malformedPathProblem", () => {
  it.each(["/api/v1/runs/%E0%A4%A", "/api/hooks/%ZZ", "/api/trpc/%ZZ", "/runs/%ZZ", "/runs/%", "/a/%ED%A0%80", "/x%C3?ok=1"])("refuses %s", (url) => {
    expect(malformedPathProblem(url)).toMatch(/not valid percent-encoding/);
  });
  it.each(["/", "/api/v1/runs/run_1", "/runs/%C3%A9", "/api/health?x=%ZZ", "/a#%ZZ", "/p%20q"])("accepts %s", (url) => {
    expect(malformedPathProblem(url)).toBeUndefined();
  });
});
