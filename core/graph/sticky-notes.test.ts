import { describe, expect, it } from "vitest";
import { compileGraph } from "../compiler/compile-graph";
import { baseGraph, tiers } from "../testing/graphs";
import { validateGraph } from "../validation/validate-graph";
import { processGraphJsonSchema } from "./json-schema";
import { ProcessGraph } from "./process-graph";

describe("sticky notes", () => {
  const notes = [{ id: "n1", text: "Ask legal before changing the refund branch", position: { x: 10, y: -80 }, color: "yellow" as const }];

  it("parse as part of the graph and are refused when malformed", () => {
    expect(ProcessGraph.parse({ ...baseGraph(), notes }).notes).toEqual(notes);
    expect(ProcessGraph.safeParse({ ...baseGraph(), notes: [{ id: "n1", text: "x" }] }).success).toBe(false);
  });

  it("are ignored by validation and leave the plan and its hash unchanged", () => {
    const plain = baseGraph();
    const annotated = { ...plain, notes };
    expect(validateGraph(annotated, tiers)).toEqual(validateGraph(plain, tiers));
    const a = compileGraph(plain, tiers);
    const b = compileGraph(annotated, tiers);
    expect(a.ok && b.ok).toBe(true);
    expect(b.hash).toBe(a.hash);
  });

  it("are described in the published JSON Schema of the graph format", () => {
    expect(JSON.stringify(processGraphJsonSchema())).toContain('"notes"');
  });
});
