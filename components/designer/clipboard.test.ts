import { describe, expect, it } from "vitest";
import { humanGraph } from "@/core/testing/graphs";
import { copySelection, parseClip, pasteClip } from "./clipboard";

describe("copy and paste", () => {
  it("copies the selected steps with the edges between them, never the trigger", () => {
    const clip = copySelection(humanGraph(), new Set(["start", "draft", "review", "e2"]))!;
    expect(clip.nodes.map((n) => n.id)).toEqual(["draft", "review"]);
    expect(clip.edges.map((e) => e.id)).toEqual(["e2"]);
    expect(copySelection(humanGraph(), new Set(["start"]))).toBeNull();
  });

  it("pastes with renamed ids, rewired edges and subjects, offset positions", () => {
    const g = humanGraph();
    g.nodes = g.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } }));
    const clip = parseClip(JSON.stringify(copySelection(g, new Set(["draft", "review"]))))!;
    const { graph, ids } = pasteClip(g, clip);
    expect(ids).toEqual(["draft-2", "review-2", "e2-2"]);
    const review = graph.nodes.find((n) => n.id === "review-2")!;
    expect(review).toMatchObject({ subject: "draft-2", position: { x: 48, y: 48 } });
    expect(graph.edges.find((e) => e.id === "e2-2")).toMatchObject({ source: "draft-2", target: "review-2" });
    expect(graph.nodes).toHaveLength(g.nodes.length + 2);
  });

  it("pastes into another process without renaming free ids, and ignores foreign clipboard text", () => {
    const clip = copySelection(humanGraph(), new Set(["draft"]))!;
    const { ids } = pasteClip({ nodes: [], edges: [] }, clip);
    expect(ids).toEqual(["draft"]);
    expect(parseClip("hello")).toBeNull();
    expect(parseClip('{"nodes":[]}')).toBeNull();
  });
});

describe("copy and paste of sticky notes", () => {
  const g = { ...humanGraph(), notes: [{ id: "why", text: "Reviewers check tone", position: { x: 5, y: 5 } }] };

  it("copies selected notes with the steps, or alone, and pastes them with fresh ids and offsets", () => {
    const clip = parseClip(JSON.stringify(copySelection(g, new Set(["draft", "note:why"]))))!;
    expect(clip.notes!.map((n) => n.id)).toEqual(["why"]);
    const { graph, ids } = pasteClip(g, clip);
    expect(ids).toEqual(["draft-2", "note:why-2"]);
    expect(graph.notes).toEqual([g.notes[0], { id: "why-2", text: "Reviewers check tone", position: { x: 53, y: 53 } }]);
    expect(copySelection(g, new Set(["note:why"]))!.nodes).toEqual([]);
  });
});
