import { describe, expect, it } from "vitest";
import { nodeTableCsv, toCsv } from "./csv";
import type { NodeFigures } from "./analytics.schema";

describe("csv", () => {
  it("quotes fields with commas, quotes and line breaks", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it("writes one row per node with human columns empty for model steps", () => {
    const node: NodeFigures = {
      nodeId: "draft", kind: "llm", name: "Draft, v2", calls: 3, executions: 2, runs: 2, reach: 1, latencyMs: { p50: 10, p95: 20 },
      errorRate: 0, retryRate: 0.5, fallbackRate: 0, repairRate: 0, escalationRate: 0, costUsd: 0.25, costPerCallUsd: 0.25 / 3, costShare: 1,
      inputTokens: 100, cachedInputTokens: 0, outputTokens: 50, unpricedCalls: 0, models: [{ model: "sim/mid-1", calls: 3, costUsd: 0.25 }], human: null,
    };
    const lines = nodeTableCsv([node]).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    const header = lines[0]!.split(",");
    const row = lines[1]!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
    expect(row[header.indexOf("name")]).toBe('"Draft, v2"');
    expect(row[header.indexOf("retry_rate")]).toBe("0.5");
    expect(row[header.indexOf("models")]).toBe("sim/mid-1:3");
    expect(row[header.indexOf("approved_as_is")]).toBe("");
  });
});
