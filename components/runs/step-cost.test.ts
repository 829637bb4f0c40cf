import { describe, expect, it } from "vitest";
import { deriveRunGraphState } from "@/core/run-graph";
import { exampleGraphs } from "@/core";
import { runOverlay } from "./run-graph";
import { isUnpriced, unpricedNodes } from "./step-cost";

const graph = exampleGraphs["support-triage"]!;

const step = (nodeId: string, detail: unknown, extra: Record<string, unknown> = {}) => ({
  nodeId,
  stepId: nodeId,
  kind: "llm",
  attempt: 1,
  status: "succeeded",
  input: {},
  output: { category: "billing", urgency: "high", confidence: 0.9 },
  provider: "custom",
  model: "custom/mystery",
  inputTokens: 100,
  cachedInputTokens: 0,
  outputTokens: 10,
  costUsd: 0,
  latencyMs: 50,
  error: null,
  detail,
  startedAt: new Date("2026-01-01T00:00:00Z"),
  endedAt: new Date("2026-01-01T00:00:01Z"),
  reused: false,
  reusedFromRunId: null,
  ...extra,
});

describe("unpriced model calls in the run view", () => {
  it("reads the flag the step recorder writes, and nothing else", () => {
    expect(isUnpriced({ detail: { portStepId: "x", unpriced: true } })).toBe(true);
    expect(isUnpriced({ detail: { portStepId: "x" } })).toBe(false);
    expect(isUnpriced({ detail: null })).toBe(false);
    expect(isUnpriced({ detail: { unpriced: "yes" } })).toBe(false);
  });

  it("lists the nodes with an unpriced call of the run's own, not reused ones", () => {
    const steps = [step("classify", { unpriced: true }), step("draft", { unpriced: true }, { reused: true }), step("send-reply", {})];
    expect([...unpricedNodes(steps)]).toEqual(["classify"]);
  });

  it("paints an unpriced node without a $0 cost and says the cost is unknown", () => {
    const steps = [step("classify", { unpriced: true })];
    const state = deriveRunGraphState(graph, { status: "running", input: {}, steps, escalations: [], children: [] });
    const priced = runOverlay(graph, state);
    expect(priced.classify!.costUsd).toBe(0);
    const flagged = runOverlay(graph, state, unpricedNodes(steps));
    expect(flagged.classify!.costUsd).toBeUndefined();
    expect(flagged.classify!.lines).toContain("unpriced model: cost unknown");
    expect(flagged.classify!.latencyMs).toBe(priced.classify!.latencyMs);
  });
});
