import { edgeKind, type Edge, type EdgeKind } from "../graph/edges";
import type { Node, NodeKind } from "../graph/nodes";
import type { ProcessGraph } from "../graph/process-graph";
import { type Checker, label, list } from "./checker";

/** Edge kinds each node kind may emit (loop-back is checked with the loops). */
const ALLOWED: Record<NodeKind, readonly EdgeKind[]> = {
  trigger: ["default"],
  llm: ["default", "loop-back", "error", "budget"],
  tool: ["default", "loop-back", "error"],
  subprocess: ["default", "loop-back", "error"],
  delay: ["default", "loop-back"],
  join: ["default", "loop-back"],
  router: ["branch", "unmatched"],
  parallel: ["default"],
  loop: ["default"],
  human: ["default", "timeout", "loop-back"],
  end: [],
};

/** Kinds that continue along exactly one "next" edge (default or loop-back). */
const SEQUENTIAL: readonly NodeKind[] = ["trigger", "llm", "tool", "subprocess", "delay", "join"];

/** Ids must be unique before anything else can be trusted; reported on the raw arrays. */
export function checkIds(graph: ProcessGraph, report: Checker["report"]): void {
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    if (seen.has(node.id)) {
      report({
        severity: "error",
        code: "duplicate-node-id",
        nodeId: node.id,
        message: `More than one node has the id "${node.id}" (one of them is "${node.name}").`,
        hint: "Give every node a unique id; ids become step ids and references use them.",
      });
    }
    seen.add(node.id);
  }
  const seenEdges = new Set<string>();
  for (const edge of graph.edges) {
    if (seenEdges.has(edge.id)) {
      report({
        severity: "error",
        code: "duplicate-edge-id",
        edgeId: edge.id,
        message: `More than one edge has the id "${edge.id}".`,
        hint: "Give every edge a unique id.",
      });
    }
    seenEdges.add(edge.id);
  }
}

export function checkStructure(c: Checker): void {
  const { graph, index } = c;
  const nodes = [...index.nodes.values()];

  const triggers = nodes.filter((n) => n.kind === "trigger");
  if (triggers.length === 0) {
    c.report({
      severity: "error",
      code: "trigger-missing",
      message: `Process "${graph.name}" has no trigger node, so a run has no entry point and no input schema.`,
      hint: "Add one trigger node describing the run input and connect it to the first step.",
    });
  }
  for (const extra of triggers.slice(1)) {
    c.report({
      severity: "error",
      code: "trigger-multiple",
      nodeId: extra.id,
      message: `Trigger ${label(extra)} is a second trigger; a process has exactly one (found ${triggers.length}: ${list(triggers.map((t) => t.id))}).`,
      hint: "Keep one trigger and remove the others, or split them into separate processes.",
    });
  }
  if (!nodes.some((n) => n.kind === "end")) {
    c.report({
      severity: "error",
      code: "end-missing",
      message: `Process "${graph.name}" has no end node, so no run can complete with an output.`,
      hint: "Add an end node (with an output mapping) after the last step.",
    });
  }

  for (const edge of [...graph.edges].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const missing = [
      !index.nodes.has(edge.source) ? `source "${edge.source}"` : undefined,
      !index.nodes.has(edge.target) ? `target "${edge.target}"` : undefined,
    ].filter(Boolean);
    if (missing.length) {
      c.report({
        severity: "error",
        code: "edge-dangling",
        edgeId: edge.id,
        message: `Edge "${edge.id}" points to a node that does not exist: unknown ${missing.join(" and ")}.`,
        hint: "Reconnect the edge to an existing node or delete it.",
      });
    }
  }

  for (const node of nodes) {
    const out = index.outgoing.get(node.id) ?? [];
    const incoming = index.incoming.get(node.id) ?? [];

    if (node.kind === "trigger") {
      for (const e of incoming) {
        c.report({
          severity: "error",
          code: "trigger-incoming-edge",
          nodeId: node.id,
          edgeId: e.id,
          message: `Edge "${e.id}" leads into trigger ${label(node)}; a trigger only starts runs.`,
          hint: "Point the edge at a step after the trigger, or use a loop node to repeat steps.",
        });
      }
    }

    if (index.trigger && !index.reachable.has(node.id)) {
      c.report({
        severity: "warning",
        code: "node-unreachable",
        nodeId: node.id,
        message: `Node ${label(node)} cannot be reached from the trigger, so it never runs.`,
        hint: "Connect an upstream step to it, or delete it.",
      });
    }

    for (const e of out) checkEdgeKind(c, node, e);

    if (node.kind === "end") continue;
    if (out.length === 0) {
      c.report({
        severity: "error",
        code: "node-dead-end",
        nodeId: node.id,
        message: `Node ${label(node)} (${node.kind}) has no outgoing edge; a run reaching it would stop without an output.`,
        hint: "Connect it to the next step or to an end node.",
      });
      continue;
    }
    if (SEQUENTIAL.includes(node.kind)) {
      const next = out.filter((e) => ["default", "loop-back"].includes(edgeKind(e)));
      if (next.length !== 1) {
        c.report({
          severity: "error",
          code: next.length === 0 ? "node-next-missing" : "node-next-ambiguous",
          nodeId: node.id,
          message:
            next.length === 0
              ? `Node ${label(node)} has no default outgoing edge (only ${list(out.map((e) => `${e.id}: ${edgeKind(e)}`))}), so a successful run has nowhere to go.`
              : `Node ${label(node)} has ${next.length} default outgoing edges (${list(next.map((e) => e.id))}); a ${node.kind} step continues along exactly one.`,
          hint:
            next.length === 0
              ? "Add a default edge to the next step."
              : "Keep one edge, or insert a parallel node to run the targets concurrently, or a router to choose between them.",
        });
      }
    }
  }
}

function checkEdgeKind(c: Checker, node: Node, edge: Edge): void {
  const kind = edgeKind(edge);
  const allowed = ALLOWED[node.kind];
  if (!allowed.includes(kind)) {
    c.report({
      severity: "error",
      code: "edge-kind-invalid",
      nodeId: node.id,
      edgeId: edge.id,
      message: `Edge "${edge.id}" leaves ${node.kind} node ${label(node)} as a "${kind}" edge; a ${node.kind} node only emits ${allowed.length ? list(allowed) : "no edges"}.`,
      hint: kindHint(node.kind),
    });
  }
  if (edge.when && kind !== "branch") {
    c.report({
      severity: "warning",
      code: "edge-when-ignored",
      nodeId: node.id,
      edgeId: edge.id,
      message: `Edge "${edge.id}" has a "when" condition but is a "${kind}" edge, so the condition is ignored.`,
      hint: 'Only router "branch" edges use "when"; remove it or make the source a router.',
    });
  }
}

function kindHint(kind: NodeKind): string {
  switch (kind) {
    case "router":
      return 'Router edges are "branch" edges with a "when" value, plus at most one "unmatched" edge.';
    case "end":
      return "An end node finishes the run; remove edges leaving it.";
    case "human":
      return 'Human edges carry a decision id in sourceHandle, plus at most one "timeout" edge.';
    case "loop":
      return 'Loop edges are default edges with sourceHandle "body" or "exit".';
    default:
      return "Use a default edge, or route through a router node to branch.";
  }
}
