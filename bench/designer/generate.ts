import type { Node, ProcessGraph } from "../../core/graph";

/**
 * A valid graph of about `size` nodes for the designer bench: trigger → parallel fan-out into
 * ten lanes of alternating LLM and tool steps → join → end. No positions: the designer lays it
 * out, as it would an imported graph. Exactly one error: the end reads a missing input field.
 */
export function generatedGraph(size: number): ProcessGraph {
  const lanes = 10;
  const perLane = Math.max(1, Math.floor((size - 4) / lanes));
  const nodes: Node[] = [
    { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } } },
    { id: "fan", kind: "parallel", name: "Fan out" },
    { id: "meet", kind: "join", name: "Meet", mode: "all" },
    // One deliberate error, so the bench can see validation's result arrive (from the worker when large).
    { id: "done", kind: "end", name: "Done", output: { result: "{{ input.missing }}" } },
  ];
  const edges: ProcessGraph["edges"] = [
    { id: "e-start", source: "start", target: "fan" },
    { id: "e-meet", source: "meet", target: "done" },
  ];
  for (let l = 0; l < lanes; l++) {
    let prev = "fan";
    for (let i = 0; i < perLane; i++) {
      const id = `l${l}-s${i}`;
      nodes.push(
        i % 2 === 0
          ? { id, kind: "llm", name: `Think ${l}.${i}`, task: "generate", model: { tier: "light" }, prompt: "Work on {{ input.text }}", outputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } } }
          : {
              id,
              kind: "tool",
              name: `Call ${l}.${i}`,
              contract: { method: "POST", url: "https://example.com/work", inputSchema: { type: "object", properties: { text: { type: "string" } } }, outputSchema: { type: "object", properties: {} } },
              input: { text: "{{ input.text }}" },
            },
      );
      edges.push({ id: `e-${id}`, source: prev, target: id });
      prev = id;
    }
    edges.push({ id: `e-l${l}-meet`, source: prev, target: "meet" });
  }
  return { slug: `bench-${size}`, name: `Bench ${size} nodes`, nodes, edges };
}
