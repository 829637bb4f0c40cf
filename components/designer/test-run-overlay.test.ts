import { describe, expect, it } from "vitest";
import { overlayOf, testRunNodes } from "./test-run-overlay";

const step = (nodeId: string, status: string, over: Record<string, unknown> = {}) =>
  ({ nodeId, stepId: nodeId, kind: "llm", attempt: 1, status, input: null, output: null, provider: null, model: null, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 5, error: null, detail: null, startedAt: new Date(0), endedAt: null, reused: false, reusedFromRunId: null, ...over }) as never;

describe("test run overlay", () => {
  it("shows each node's latest status, its summed cost, and marks pinned outputs", () => {
    const nodes = testRunNodes({
      status: "running",
      steps: [
        step("classify", "failed", { costUsd: 0.01 }),
        step("classify", "succeeded", { attempt: 2, costUsd: 0.02, output: { category: "a" } }),
        step("lookup", "succeeded", { output: { status: "x" }, detail: { pinned: true } }),
        step("draft", "running"),
      ],
    });
    expect(overlayOf(nodes)).toEqual({
      classify: { status: "completed", costUsd: 0.03, latencyMs: 5 },
      lookup: { status: "completed", costUsd: 0, latencyMs: 5, label: "pinned" },
      draft: { status: "running", costUsd: 0, latencyMs: 5 },
    });
    expect(nodes.get("classify")!.output).toEqual({ category: "a" });
    expect(nodes.get("lookup")!.pinned).toBe(true);
  });

  it("is empty before a run and ignores records a rerun reused", () => {
    expect(testRunNodes(undefined).size).toBe(0);
    expect(testRunNodes({ status: "completed", steps: [step("a", "succeeded", { reused: true })] }).size).toBe(0);
  });
});
