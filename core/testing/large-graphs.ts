import type { Edge } from "../graph/edges";
import type { Node } from "../graph/nodes";
import type { ProcessGraph } from "../graph/process-graph";

/**
 * Big and deep graphs for the size cap, the iterative graph algorithms and bench/graph. Every
 * step references the one before it, so reference checks walk the whole ancestry.
 */
const step = (id: string, prev: string | undefined): Node => ({
  id,
  kind: "llm",
  name: id,
  task: "generate",
  model: { tier: "light" },
  prompt: prev ? `Continue {{ steps.${prev}.output.text }}` : "Start {{ input.topic }}",
  outputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } },
});

const trigger: Node = { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", properties: { topic: { type: "string" } } } };

/** start → s1 → … → s(n-2) → done: n nodes, n-1 edges. */
export function chainGraph(n: number): ProcessGraph {
  const nodes: Node[] = [trigger];
  const edges: Edge[] = [];
  let prev = "start";
  let prevStep: string | undefined;
  for (let i = 1; i <= n - 2; i++) {
    const id = `s${i}`;
    nodes.push(step(id, prevStep));
    edges.push({ id: `e${i}`, source: prev, target: id });
    prev = prevStep = id;
  }
  nodes.push({ id: "done", kind: "end", name: "Done", output: prevStep ? { text: `{{ steps.${prevStep}.output.text }}` } : {} });
  edges.push({ id: `e${n - 1}`, source: prev, target: "done" });
  return { slug: "big-chain", name: "Big chain", nodes, edges };
}

/**
 * `depth` loops nested inside each other: l1 ─body→ l2 ─body→ … ln ─body→ work ─loop-back→ ln;
 * li ─exit→ ti ─loop-back→ l(i-1); l1 ─exit→ done.
 */
export function nestedLoopsGraph(depth: number): ProcessGraph {
  const nodes: Node[] = [trigger];
  const edges: Edge[] = [{ id: "e-start", source: "start", target: "l1" }];
  for (let i = 1; i <= depth; i++) {
    nodes.push({ id: `l${i}`, kind: "loop", name: `Loop ${i}`, maxIterations: 2, exitWhen: "steps.work.output.text == \"ok\"" });
    edges.push({ id: `e-body-${i}`, source: `l${i}`, target: i < depth ? `l${i + 1}` : "work", sourceHandle: "body" });
    if (i > 1) {
      nodes.push(step(`t${i}`, "work"));
      edges.push({ id: `e-exit-${i}`, source: `l${i}`, target: `t${i}`, sourceHandle: "exit" });
      edges.push({ id: `e-back-${i}`, source: `t${i}`, target: `l${i - 1}`, kind: "loop-back" });
    }
  }
  nodes.push(step("work", undefined));
  edges.push({ id: "e-back-work", source: "work", target: `l${depth}`, kind: "loop-back" });
  nodes.push({ id: "done", kind: "end", name: "Done", output: { text: "{{ steps.work.output.text }}" } });
  edges.push({ id: "e-exit-1", source: "l1", target: "done", sourceHandle: "exit" });
  return { slug: "nested-loops", name: "Nested loops", nodes, edges };
}

/**
 * `depth` parallel blocks nested inside each other: pi → (ai, p(i+1)); pn → (an, bn) → jn;
 * j(i+1), ai → ji; j1 → done.
 */
export function nestedParallelGraph(depth: number): ProcessGraph {
  const nodes: Node[] = [trigger];
  const edges: Edge[] = [{ id: "e-start", source: "start", target: "p1" }];
  for (let i = 1; i <= depth; i++) {
    nodes.push({ id: `p${i}`, kind: "parallel", name: `Fan ${i}` }, step(`a${i}`, undefined), { id: `j${i}`, kind: "join", name: `Join ${i}`, mode: "all" });
    edges.push({ id: `e-a-${i}`, source: `p${i}`, target: `a${i}` }, { id: `e-aj-${i}`, source: `a${i}`, target: `j${i}` });
    const inner = i < depth ? `p${i + 1}` : "b";
    edges.push({ id: `e-in-${i}`, source: `p${i}`, target: inner }, { id: `e-out-${i}`, source: i < depth ? `j${i + 1}` : "b", target: `j${i}` });
  }
  nodes.push(step("b", undefined), { id: "done", kind: "end", name: "Done", output: { text: "{{ steps.a1.output.text }}" } });
  edges.push({ id: "e-done", source: "j1", target: "done" });
  return { slug: "nested-parallel", name: "Nested parallel", nodes, edges };
}
