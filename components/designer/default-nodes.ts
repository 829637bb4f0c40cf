import type { Node, NodeKind, ProcessGraph } from "@/core/graph";
import { uniqueId, takenIds } from "@/components/graph";

/**
 * A new node of each kind, complete enough to parse (so the inspector's forms have something to
 * edit) and small enough that the diagnostics point at what is left to fill in.
 */
const objectSchema = () => ({ type: "object" as const, properties: {} });

const NAMES: Record<NodeKind, string> = {
  trigger: "Start",
  llm: "Generate",
  tool: "Call tool",
  router: "Route",
  parallel: "In parallel",
  join: "Join",
  loop: "Repeat",
  human: "Review",
  delay: "Wait",
  subprocess: "Subprocess",
  end: "Done",
};

const ID_BASE: Record<NodeKind, string> = {
  trigger: "start",
  llm: "generate",
  tool: "call",
  router: "route",
  parallel: "fan-out",
  join: "join",
  loop: "repeat",
  human: "review",
  delay: "wait",
  subprocess: "subprocess",
  end: "done",
};

export function newNode(kind: NodeKind, graph: Pick<ProcessGraph, "nodes" | "edges">, position: { x: number; y: number }): Node {
  const id = uniqueId(ID_BASE[kind], takenIds(graph));
  const base = { id, name: NAMES[kind], position: { x: Math.round(position.x), y: Math.round(position.y) } };
  switch (kind) {
    case "trigger":
      return { ...base, kind, inputSchema: objectSchema() };
    case "llm":
      return { ...base, kind, task: "generate", prompt: "Describe the task. Insert run data with {{ input.field }}.", model: { tier: "mid" }, outputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } } };
    case "tool":
      return { ...base, kind, contract: { method: "POST", url: "https://", inputSchema: objectSchema(), outputSchema: objectSchema() }, input: {} };
    case "router":
      return { ...base, kind, source: "input.choice" };
    case "parallel":
      return { ...base, kind };
    case "join":
      return { ...base, kind, mode: "all" };
    case "loop":
      return { ...base, kind, maxIterations: 3, onExhausted: "exit" };
    case "human":
      return {
        ...base,
        kind,
        role: "reviewer",
        timeout: "1d",
        decisions: [
          { id: "approve", type: "approve" },
          { id: "reject", type: "reject" },
        ],
      };
    case "delay":
      return { ...base, kind, duration: "1h" };
    case "subprocess":
      return { ...base, kind, process: "choose-a-process", input: {} };
    case "end":
      return { ...base, kind, output: {} };
  }
}

/** Where a node added by click goes: right of the selected node, else right of the rightmost one. */
export function nextPosition(graph: Pick<ProcessGraph, "nodes">, after?: string): { x: number; y: number } {
  const anchor = graph.nodes.find((n) => n.id === after) ?? [...graph.nodes].sort((a, b) => (b.position?.x ?? 0) - (a.position?.x ?? 0))[0];
  if (!anchor?.position) return { x: 0, y: 0 };
  return { x: anchor.position.x + 320, y: anchor.position.y };
}
