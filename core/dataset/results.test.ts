import { describe, expect, it } from "vitest";
import { routedGraph } from "../testing/graphs";
import { datasetResults, type DatasetRunSample, type DatasetStep } from "./results";

const graph = routedGraph("r");

const step = (nodeId: string, output: unknown, tokens: [number, number], costUsd: number, extra: Partial<DatasetStep> = {}): DatasetStep => ({
  nodeId, stepId: nodeId, attempt: 1, status: "succeeded", output, costUsd, latencyMs: 10, inputTokens: tokens[0], cachedInputTokens: 0, outputTokens: tokens[1], ...extra,
});
const run = (status: string, steps: DatasetStep[], error: unknown = null): DatasetRunSample => ({
  status, input: {}, costUsd: steps.reduce((s, x) => s + x.costUsd, 0), error, steps, escalations: [],
});

describe("datasetResults", () => {
  it("counts reach, branches, output spread, cost quantiles and failures, and derives the projection's observations", () => {
    const samples = [
      run("completed", [step("classify", { category: "billing" }, [100, 10], 0.1), step("reply", { text: "a" }, [200, 50], 0.3)]),
      run("completed", [step("classify", { category: "billing" }, [100, 10], 0.1), step("reply", { text: "b" }, [400, 70], 0.5)]),
      run("completed", [step("classify", { category: "other" }, [100, 10], 0.1)]),
      // Failed twice at classify (a retry), then gave up.
      run("failed", [step("classify", null, [100, 0], 0.05, { status: "failed" }), step("classify", null, [100, 0], 0.05, { status: "failed", attempt: 2 })], { message: "rate limited" }),
      // Still running: not counted yet.
      run("running", [step("classify", { category: "billing" }, [100, 10], 0.1)]),
    ];
    const r = datasetResults(graph, samples);
    expect(r.finished).toBe(4);
    expect(r.byStatus).toEqual({ completed: 3, failed: 1, running: 1 });
    // Run costs 0.4, 0.6, 0.1, 0.1 → sorted 0.1, 0.1, 0.4, 0.6: p10 at rank 0.3 → 0.1; p50 at 1.5 → 0.25; p90 at 2.7 → 0.54.
    expect(r.cost.total).toBeCloseTo(1.2, 12);
    expect(r.cost.p10).toBeCloseTo(0.1, 12);
    expect(r.cost.p50).toBeCloseTo(0.25, 12);
    expect(r.cost.p90).toBeCloseTo(0.54, 12);

    const node = (id: string) => r.nodes.find((n) => n.nodeId === id)!;
    expect(node("classify")).toMatchObject({ reached: 4, reach: 1, failed: 1, calls: 5 });
    expect(node("classify").fields).toEqual([{ field: "category", kind: "distribution", count: 3, counts: { billing: 2, other: 1 } }]);
    expect(node("route").branches).toEqual({ billing: 2, other: 1 });
    expect(node("reply")).toMatchObject({ reached: 2, reach: 0.5, failed: 0, calls: 2, costP50: 0.4 });
    expect(r.failures).toEqual([{ nodeId: "classify", message: "rate limited", runs: 1 }]);

    expect(r.observed.reply).toEqual({
      reach: 0.5,
      callsPerReach: 1,
      perCall: { input: 300, cached: 0, output: 60 },
      perReachP10: { input: 220, cached: 0, output: 52 },
      perReachP90: { input: 380, cached: 0, output: 68 },
    });
    expect(r.observed.classify).toMatchObject({ reach: 1, callsPerReach: 5 / 4, perCall: { input: 100, output: 30 / 5 } });
    expect(r.observed.route).toBeUndefined();
  });
});
