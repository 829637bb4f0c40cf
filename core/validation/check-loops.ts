import { edgeKind } from "../graph/edges";
import { emptyNodeSet, findCycles, findJoin, isGuardedBackEdge, reachableWithout } from "../graph/topology";
import { type Checker, label, list } from "./checker";

export function checkCycles(c: Checker): void {
  const { index } = c;
  for (const component of findCycles(index)) {
    const first = index.nodes.get(component[0]!);
    const names = component.map((id) => index.nodes.get(id)?.name ?? id);
    c.report({
      severity: "error",
      code: "cycle-unguarded",
      nodeId: component[0],
      message: `Nodes ${list(names)} form a cycle that does not return through a loop node's loop-back edge, so a run could repeat forever (starting at ${label(first)}).`,
      hint: 'Put a loop node (with maxIterations) at the head of the cycle and make the edge returning to it a "loop-back" edge.',
    });
  }

  for (const edge of index.edges) {
    if (edgeKind(edge) !== "loop-back") continue;
    const target = index.nodes.get(edge.target)!;
    if (!isGuardedBackEdge(edge, index.nodes)) {
      c.report({
        severity: "error",
        code: "loop-back-invalid",
        edgeId: edge.id,
        nodeId: edge.source,
        message: `Edge "${edge.id}" is a loop-back edge but its target ${label(target)} is a ${target.kind} node, not a loop node.`,
        hint: "Point loop-back edges at the loop node that guards the repetition.",
      });
      continue;
    }
    const body = index.outgoing.get(target.id)!.find((e) => e.sourceHandle === "body");
    const bodyNodes = body ? reachableWithout(index, body.target, target.id) : emptyNodeSet(index);
    if (!bodyNodes.has(edge.source)) {
      c.report({
        severity: "error",
        code: "loop-back-invalid",
        edgeId: edge.id,
        nodeId: edge.source,
        message: `Loop-back edge "${edge.id}" returns to loop ${label(target)} from ${label(index.nodes.get(edge.source))}, which is not inside that loop's body.`,
        hint: `Only the last step of the body (reached from the loop's "body" edge) may return to the loop.`,
      });
    }
  }
}

export function checkLoops(c: Checker): void {
  const { index } = c;
  for (const node of index.nodes.values()) {
    if (node.kind !== "loop") continue;
    const out = index.outgoing.get(node.id)!;
    const bodies = out.filter((e) => e.sourceHandle === "body");
    const exits = out.filter((e) => e.sourceHandle === "exit");
    const backs = index.incoming.get(node.id)!.filter((e) => isGuardedBackEdge(e, index.nodes));

    if (node.maxIterations === undefined) {
      c.report({
        severity: "error",
        code: "loop-max-iterations-missing",
        nodeId: node.id,
        message: `Loop ${label(node)} has no maxIterations, so nothing bounds how often its body runs (and what it costs).`,
        hint: "Set maxIterations (for example 3); the run leaves the loop or fails when it is reached.",
      });
    }
    if (bodies.length !== 1) {
      c.report({
        severity: "error",
        code: "loop-body-missing",
        nodeId: node.id,
        message: `Loop ${label(node)} needs exactly one edge with sourceHandle "body", found ${bodies.length}.`,
        hint: 'Connect the loop\'s "body" handle to the first step that repeats.',
      });
    }
    if (exits.length !== 1) {
      c.report({
        severity: "error",
        code: "loop-exit-missing",
        nodeId: node.id,
        message: `Loop ${label(node)} needs exactly one edge with sourceHandle "exit", found ${exits.length}.`,
        hint: 'Connect the loop\'s "exit" handle to the step that runs after the loop.',
      });
    }
    for (const e of out) {
      if (e.sourceHandle !== "body" && e.sourceHandle !== "exit") {
        c.report({
          severity: "error",
          code: "loop-edge-handle-invalid",
          nodeId: node.id,
          edgeId: e.id,
          message: `Edge "${e.id}" leaves loop ${label(node)} with sourceHandle ${e.sourceHandle ? `"${e.sourceHandle}"` : "missing"}; expected "body" or "exit".`,
          hint: 'Set sourceHandle to "body" for the repeated steps or "exit" for what follows the loop.',
        });
      }
    }
    if (backs.length === 0) {
      c.report({
        severity: "error",
        code: "loop-back-edge-missing",
        nodeId: node.id,
        message: `Loop ${label(node)} has no loop-back edge returning to it, so its body runs once and the run stops there.`,
        hint: 'Add an edge of kind "loop-back" from the last body step to the loop node.',
      });
    }
    if (!node.exitWhen) {
      c.report({
        severity: "warning",
        code: "loop-exit-condition-missing",
        nodeId: node.id,
        message: `Loop ${label(node)} has no exitWhen condition, so it always runs ${node.maxIterations ?? "maxIterations"} times.`,
        hint: 'Add exitWhen over a body step\'s output, e.g. steps.review.output.approved == true.',
      });
    }
  }
}

export function checkParallel(c: Checker): void {
  const { index } = c;
  for (const node of index.nodes.values()) {
    if (node.kind === "join") {
      const inputs = index.incoming.get(node.id)!.filter((e) => !isGuardedBackEdge(e, index.nodes));
      if (inputs.length < 2) {
        c.report({
          severity: "warning",
          code: "join-single-input",
          nodeId: node.id,
          message: `Join ${label(node)} has ${inputs.length} incoming edge(s); a join waits for parallel branches and needs at least two.`,
          hint: "Connect each parallel branch to the join, or remove the join.",
        });
      }
    }
    if (node.kind !== "parallel") continue;
    const branches = index.outgoing.get(node.id)!;
    if (branches.length < 2) {
      c.report({
        severity: "warning",
        code: "parallel-single-branch",
        nodeId: node.id,
        message: `Parallel ${label(node)} has ${branches.length} branch(es); it only helps with two or more.`,
        hint: "Add another branch, or remove the parallel node and connect the step directly.",
      });
    }
    if (branches.length > 0 && !findJoin(index, node.id)) {
      c.report({
        severity: "error",
        code: "parallel-join-missing",
        nodeId: node.id,
        message: `The branches of parallel ${label(node)} (${list(branches.map((e) => e.target))}) never meet at a common join node, so the run cannot tell when they are done.`,
        hint: 'Connect the last step of every branch to one join node (mode "all" or "any").',
      });
    }
  }
}
