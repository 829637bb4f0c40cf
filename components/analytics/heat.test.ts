import { describe, expect, it } from "vitest";
import { exampleGraphs } from "@/core";
import type { NodeFigures } from "@/server/analytics/analytics.schema";
import { bandOf, HEAT_COLOURS, heatOverlay, observedReach } from "./heat";

const graph = exampleGraphs["support-triage"]!;

function fig(nodeId: string, f: Partial<NodeFigures>): NodeFigures {
  return {
    nodeId,
    kind: "llm",
    name: nodeId,
    calls: 0,
    executions: 0,
    runs: 0,
    reach: null,
    latencyMs: { p50: null, p95: null },
    errorRate: null,
    retryRate: null,
    fallbackRate: null,
    repairRate: null,
    escalationRate: null,
    costUsd: 0,
    costPerCallUsd: null,
    costShare: null,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    unpricedCalls: 0,
    models: [],
    human: null,
    ...f,
  };
}

// 10 runs: all classified; 2 urgent ones escalated, 8 drafted; of those 3 reviewed, all 8 sent.
const figures = [
  fig("classify", { calls: 12, executions: 10, runs: 10, reach: 1, costUsd: 0.02, costShare: 0.2, latencyMs: { p50: 300, p95: 900 }, errorRate: 0 }),
  fig("draft", { calls: 8, executions: 8, runs: 8, reach: 0.8, costUsd: 0.08, costShare: 0.8, latencyMs: { p50: 1000, p95: 4000 }, errorRate: 0.25, unpricedCalls: 2 }),
  fig("review", { kind: "human", calls: 3, executions: 3, runs: 3, reach: 0.3 }),
  fig("send-reply", { kind: "tool", calls: 8, executions: 8, runs: 8, reach: 0.8, latencyMs: { p50: 100, p95: 200 }, errorRate: 0 }),
  fig("escalate", { kind: "human", calls: 2, executions: 2, runs: 2, reach: 0.2 }),
];
const href = (id: string) => `/runs?node=${id}`;

describe("heat overlay", () => {
  it("bands a value on five colours from 0 to the top of the scale", () => {
    expect(bandOf(0, 10)).toBe(0);
    expect(bandOf(1.9, 10)).toBe(0);
    expect(bandOf(2, 10)).toBe(1);
    expect(bandOf(9.99, 10)).toBe(4);
    expect(bandOf(10, 10)).toBe(4);
    expect(bandOf(3, 0)).toBe(0);
  });

  it("paints cost with the most expensive node hottest, and says when calls were unpriced", () => {
    const h = heatOverlay(graph, figures, "cost", href);
    expect(h.values.get("draft")).toBe(0.08);
    expect(h.overlay.draft!.heat).toBe(HEAT_COLOURS[4]);
    expect(h.overlay.classify!.heat).toBe(HEAT_COLOURS[1]); // 0.02 / 0.08 = 25%
    expect(h.overlay.draft!.lines).toContain("2 unpriced calls: cost unknown");
    expect(h.overlay.draft!.lines).toContain("80% of the process's cost");
    // A router has no cost of its own: no colour, a dash.
    expect(h.overlay["route-urgency"]!.heat).toBeUndefined();
    expect(h.overlay["route-urgency"]!.label).toBe("Cost: —");
    expect(h.scale?.max).toBe(0.08);
  });

  it("paints p95 latency and error rate from the node figures", () => {
    const lat = heatOverlay(graph, figures, "latency", href);
    expect(lat.values.get("draft")).toBe(4000);
    expect(lat.overlay.draft!.heat).toBe(HEAT_COLOURS[4]);
    expect(lat.overlay["send-reply"]!.heat).toBe(HEAT_COLOURS[0]);
    const err = heatOverlay(graph, figures, "errors", href);
    expect(err.values.get("draft")).toBe(0.25);
    expect(err.values.get("classify")).toBe(0);
    expect(err.overlay.draft!.label).toBe("Error rate: 25%");
  });

  it("links each node that runs passed through to exactly those runs", () => {
    const h = heatOverlay(graph, figures, "cost", href);
    expect(h.overlay.escalate!.link).toEqual({ href: "/runs?node=escalate", label: "2 runs →" });
    expect(h.overlay["route-category"]!.link).toBeUndefined();
  });

  it("takes reach of recording nodes as observed and of routers and ends from branch frequencies", () => {
    const reach = observedReach(graph, figures);
    expect(reach.get("classify")).toBe(1);
    expect(reach.get("draft")).toBe(0.8);
    expect(reach.get("escalate")).toBe(0.2);
    // The trigger and the first router see every run.
    expect(reach.get("ticket")).toBe(1);
    expect(reach.get("route-urgency")).toBeCloseTo(1);
    // After the urgent split, a router carries the share observed at its targets (escalate also has
    // other inputs, so this is an estimate between draft's 80% and everything), not an even split.
    const category = reach.get("route-category")!;
    expect(category).toBeGreaterThanOrEqual(0.8);
    expect(category).toBeLessThan(0.9);
    // The router after draft carries draft's observed reach; the end after send-reply carries its.
    expect(reach.get("check-confidence")).toBeCloseTo(0.8);
    expect(reach.get("replied")).toBeCloseTo(0.8);
    const h = heatOverlay(graph, figures, "reach", href);
    expect(h.scale?.max).toBe(1);
    expect(h.overlay["route-category"]!.lines).toContain("from branch frequencies");
  });

  it("has no scale and no colours before any run", () => {
    const h = heatOverlay(graph, [], "reach", href);
    expect(h.scale).toBeNull();
    expect(Object.values(h.overlay).every((o) => o.heat === undefined)).toBe(true);
  });
});
