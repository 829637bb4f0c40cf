import { describe, expect, it } from "vitest";
import { baseGraph } from "@/core/testing/graphs";
import { ProcessGraph } from "@/core/graph";
import { fromFlow, toFlow } from "./flow";
import { moveNodes, removeElements } from "./graph-edits";
import { addNote, noteFlowId, noteIdOf, updateNote } from "./notes";

const withNotes = (): ProcessGraph => ({
  ...baseGraph(),
  notes: [
    { id: "why", text: "Ask legal before changing the refund branch", position: { x: 10, y: -80 }, color: "yellow" },
    { id: "draft", text: "Same id as a step, on purpose", position: { x: 400, y: 300 }, size: { width: 320, height: 90 } },
  ],
});

describe("sticky notes on the canvas", () => {
  it("round-trip through toFlow / fromFlow as note nodes, apart from the steps", () => {
    const g = withNotes();
    const flow = toFlow(g);
    expect(flow.notes.map((n) => [n.id, n.type, n.width, n.height])).toEqual([
      ["note:why", "note", 224, 128],
      ["note:draft", "note", 320, 90],
    ]);
    // A note named like a step is still its own canvas node.
    expect(flow.nodes.map((n) => n.id)).toContain("draft");
    const back = fromFlow([...flow.notes, ...flow.nodes], flow.edges);
    expect(back.notes).toEqual(g.notes);
    expect(back.nodes.map((n) => n.id)).toEqual(g.nodes.map((n) => n.id));
    expect(back.edges).toEqual(g.edges);
    // The graph with its notes is still a valid graph for the core schema.
    expect(ProcessGraph.safeParse({ ...g, ...back }).success).toBe(true);
  });

  it("keep a size the canvas resized them to, and no size while they have the default one", () => {
    const flow = toFlow(withNotes());
    const resized = flow.notes.map((n) => (n.id === "note:why" ? { ...n, width: 300.4, height: 150 } : n));
    expect(fromFlow(resized, []).notes![0]).toMatchObject({ id: "why", size: { width: 300, height: 150 } });
    expect(fromFlow(flow.notes, []).notes![0]).not.toHaveProperty("size");
  });

  it("move and delete by canvas id, leaving steps of the same name alone", () => {
    const g = withNotes();
    const moved = moveNodes(g, new Map([[noteFlowId("draft"), { x: 1.6, y: 2.2 }]]));
    expect(moved.notes!.find((n) => n.id === "draft")!.position).toEqual({ x: 2, y: 2 });
    expect(moved.nodes.find((n) => n.id === "draft")).toBe(g.nodes.find((n) => n.id === "draft"));
    const removed = removeElements(g, new Set([noteFlowId("draft")]));
    expect(removed.notes!.map((n) => n.id)).toEqual(["why"]);
    expect(removed.nodes).toHaveLength(g.nodes.length);
    expect(removeElements(g, new Set(["draft"])).notes).toHaveLength(2);
  });

  it("are added with fresh ids and edited in place", () => {
    const first = addNote(baseGraph(), { x: 10.2, y: 20.7 });
    expect(first.id).toBe("note-1");
    expect(first.graph.notes).toEqual([{ id: "note-1", text: "", position: { x: 10, y: 21 }, color: "yellow" }]);
    const second = addNote(updateNote(first.graph, "note-1", { text: "Hello" }), { x: 0, y: 0 });
    expect(second.id).toBe("note-2");
    expect(second.graph.notes!.map((n) => n.text)).toEqual(["Hello", ""]);
    expect(noteIdOf("note:note-2")).toBe("note-2");
    expect(noteIdOf("draft")).toBeUndefined();
  });
});
