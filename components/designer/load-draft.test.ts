import { describe, expect, it } from "vitest";
import { baseGraph } from "@/core/testing/graphs";
import { loadDraft } from "./load-draft";

describe("loadDraft", () => {
  it("returns a valid draft as is", () => {
    expect(loadDraft(baseGraph(), { slug: "x", name: "X" })).toEqual({ graph: baseGraph(), dropped: 0 });
  });

  it("keeps what parses from an invalid draft and counts the rest", () => {
    const g = baseGraph() as unknown as { nodes: unknown[]; edges: unknown[]; settings: unknown };
    g.nodes.push({ id: "broken", kind: "llm", name: "No prompt" });
    g.edges.push({ id: "dangling", source: "broken", target: "done" });
    g.settings = { retries: -4 };
    const { graph, dropped } = loadDraft(g, { slug: "x", name: "X" });
    expect(graph.nodes.map((n) => n.id)).toEqual(baseGraph().nodes.map((n) => n.id));
    expect(graph.edges).toHaveLength(baseGraph().edges.length);
    expect(graph.slug).toBe("test-process");
    expect(dropped).toBe(2);
    expect(loadDraft("nonsense", { slug: "x", name: "X" }).graph).toEqual({ slug: "x", name: "X", nodes: [], edges: [] });
  });

  it("keeps the sticky notes that parse from an invalid draft", () => {
    const g = { ...baseGraph(), settings: { retries: -1 }, notes: [{ id: "ok", text: "hi", position: { x: 0, y: 0 } }, { id: "bad" }] };
    const { graph, dropped } = loadDraft(g, { slug: "x", name: "X" });
    expect(graph.notes).toEqual([{ id: "ok", text: "hi", position: { x: 0, y: 0 } }]);
    expect(dropped).toBe(1);
  });
});
