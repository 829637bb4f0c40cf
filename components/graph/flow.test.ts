import { describe, expect, it } from "vitest";
import { exampleGraphs } from "@/core/examples";
import { baseGraph, humanGraph, loopGraph, parallelGraph } from "@/core/testing/graphs";
import type { ProcessGraph } from "@/core/graph";
import { fromFlow, toFlow } from "./flow";
import { sourceHandles, targetHandles } from "./handles";

const graphs: Array<[string, ProcessGraph]> = [
  ...Object.entries(exampleGraphs),
  ["base", baseGraph()],
  ["loop", loopGraph()],
  ["parallel", parallelGraph()],
  ["human", humanGraph()],
];

describe("toFlow / fromFlow", () => {
  it.each(graphs)("round-trips %s: same nodes and edges, positions kept or laid out", (_name, graph) => {
    const flow = toFlow(graph);
    const back = fromFlow(flow.nodes, flow.edges);
    expect(back.edges).toEqual(graph.edges);
    expect(back.nodes.map(({ position: _p, ...n }) => n)).toEqual(graph.nodes.map(({ position: _p, ...n }) => n));
    for (const [i, node] of graph.nodes.entries()) {
      expect(back.nodes[i]!.position).toEqual(node.position ?? flow.nodes[i]!.position);
    }
    // A second trip is the identity once positions exist.
    const again = toFlow({ ...graph, ...back });
    expect(fromFlow(again.nodes, again.edges)).toEqual(back);
  });

  it.each(graphs)("puts every edge of %s on handles its nodes have", (_name, graph) => {
    const flow = toFlow(graph);
    const nodes = new Map(flow.nodes.map((n) => [n.id, n.data]));
    for (const edge of flow.edges) {
      const source = nodes.get(edge.source)!;
      const target = nodes.get(edge.target)!;
      expect(sourceHandles(source.node, source.outgoing).map((h) => h.id)).toContain(edge.sourceHandle);
      expect(targetHandles(target.node)).toContain(edge.targetHandle);
    }
  });

  it("labels router branches with their condition and typed edges with their kind", () => {
    const { edges } = toFlow(exampleGraphs["support-triage"]);
    const labels = edges.map((e) => e.label).filter(Boolean);
    expect(labels).toContain('= "high"');
    expect(labels).toContain("unmatched");
    const loop = toFlow(loopGraph()).edges.find((e) => e.id === "e3")!;
    expect(loop).toMatchObject({ label: "loop-back", targetHandle: "loop-back", animated: true });
  });

  it("lays out graphs without positions left to right, one column per step of depth", () => {
    const { nodes } = toFlow(baseGraph());
    const x = Object.fromEntries(nodes.map((n) => [n.id, n.position.x]));
    expect(x.start).toBeLessThan(x.classify!);
    expect(x.classify).toBeLessThan(x.route!);
    expect(x.lookup).toBeLessThan(x.draft!);
    expect(x.draft).toBeLessThan(x.done!);
    const positions = new Set(nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(positions.size).toBe(nodes.length);
  });

  it("attaches diagnostics, overlays and the resolved model with its price", () => {
    const graph = baseGraph();
    const { nodes, edges } = toFlow(graph, {
      diagnostics: [
        { severity: "error", code: "x", nodeId: "classify", message: "m", hint: "h" },
        { severity: "warning", code: "y", edgeId: "e3", message: "m", hint: "h" },
      ],
      overlay: { classify: { status: "completed", costUsd: 0.002 } },
      models: { tiers: { light: "openai/gpt-4.1-mini" }, prices: { "openai/gpt-4.1-mini": { input: 0.4, output: 1.6 } } },
    });
    const classify = nodes.find((n) => n.id === "classify")!.data;
    expect(classify.diagnostics).toHaveLength(1);
    expect(classify.overlay).toEqual({ status: "completed", costUsd: 0.002 });
    expect(classify.model).toEqual({ name: "openai/gpt-4.1-mini", price: { input: 0.4, output: 1.6 } });
    expect(nodes.find((n) => n.id === "draft")!.data.model).toBeUndefined(); // tier "mid" not mapped here
    expect(edges.find((e) => e.id === "e3")!.data!.diagnostics).toHaveLength(1);
  });

  it("marks the highlighted edges (a run's path) and only those", () => {
    const graph = loopGraph();
    const flow = toFlow(graph, { highlightedEdges: new Set(["e1", "e2"]) });
    expect(flow.edges.filter((e) => e.className?.includes("baton-edge-taken")).map((e) => e.id)).toEqual(["e1", "e2"]);
    expect(toFlow(graph).edges.some((e) => e.className?.includes("baton-edge-taken"))).toBe(false);
  });
});
