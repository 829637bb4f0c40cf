import { describe, expect, it } from "vitest";
import { exampleGraphs, supportTriage } from "@/core/examples";
import { humanGraph } from "@/core/testing/graphs";
import { tidyLayout, toElk } from "./tidy-layout";

describe("tidy up with elkjs", () => {
  it("maps outlets to ordered ports and edges to the ports of their handles", () => {
    const elk = toElk(humanGraph());
    const review = elk.children!.find((c) => c.id === "review")!;
    expect(review.ports!.filter((p) => p.layoutOptions!["elk.port.side"] === "EAST").map((p) => p.id)).toEqual(["review::approve", "review::edit", "review::reject", "review::timeout"]);
    expect(elk.edges!.find((e) => e.id === "e6")).toMatchObject({ sources: ["review::timeout"], targets: ["late::in"] });
  });

  it.each(Object.values(exampleGraphs))("lays $slug out left to right without overlaps", async (graph) => {
    const positions = await tidyLayout(graph);
    expect(positions.size).toBe(graph.nodes.length);
    const p = (id: string) => positions.get(id)!;
    for (const e of graph.edges) if (e.kind !== "loop-back") expect(p(e.source).x, `${e.source} → ${e.target}`).toBeLessThan(p(e.target).x);
    const boxes = [...positions.values()];
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 240 || Math.abs(a.y - b.y) >= 60).toBe(true);
  });

  it("keeps router branches in their edge order, top to bottom", async () => {
    const positions = await tidyLayout(supportTriage);
    const branches = supportTriage.edges.filter((e) => e.source === "route-category" && e.kind === "branch").map((e) => positions.get(e.target)!.y);
    expect(branches).toEqual([...branches].sort((a, b) => a - b));
  });

  it("moves only a selection, keeping its top-left corner", async () => {
    const g = humanGraph();
    g.nodes = g.nodes.map((n, i) => ({ ...n, position: { x: 1000 + i * 7, y: 500 - i * 3 } }));
    const positions = await tidyLayout(g, new Set(["done", "rejected", "late"]));
    expect([...positions.keys()].sort()).toEqual(["done", "late", "rejected"]);
    expect(Math.min(...[...positions.values()].map((p) => p.x))).toBe(1021);
  });

  it("lays out the steps and leaves sticky notes where they are", async () => {
    const g = { ...humanGraph(), notes: [{ id: "draft", text: "a note named like a step", position: { x: -500, y: -500 } }] };
    const positions = await tidyLayout(g);
    expect(positions.size).toBe(g.nodes.length);
    expect(toElk(g).children!.map((c) => c.id)).toEqual(g.nodes.map((n) => n.id));
  });
});
