import type { Edge, Node } from "@/core/graph";
import { handlesOfEdge, LOOP_BACK, NEW_BRANCH, OUT } from "./handles";

export interface ProposedConnection {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/**
 * Why a connection may not be drawn, or null when it may. Only the rules that are certain
 * while dragging are checked here (the full validation runs on the result): the reason is
 * shown next to the cursor, so it names what to do instead.
 */
export function connectionRefusal(nodes: ReadonlyMap<string, Node>, edges: readonly Edge[], c: ProposedConnection): string | null {
  const source = nodes.get(c.source);
  const target = nodes.get(c.target);
  if (!source || !target) return "Connect two steps of this process.";
  if (c.source === c.target) return "A step cannot lead to itself; use a loop step to repeat work.";
  if (target.kind === "trigger") return "The trigger starts the process; nothing can lead into it.";
  if (source.kind === "end") return "An end step finishes the run; nothing can follow it.";

  const handle = c.sourceHandle ?? OUT;
  const manyAllowed = source.kind === "parallel" || (source.kind === "router" && handle === NEW_BRANCH);
  if (!manyAllowed && edges.some((e) => e.source === c.source && handlesOfEdge(e, nodes.get(e.target)).sourceHandle === handle)) {
    return `"${source.name}" already has an edge from this outlet; delete it first or use another outlet.`;
  }
  if (edges.some((e) => e.source === c.source && e.target === c.target && handlesOfEdge(e, nodes.get(e.target)).sourceHandle === handle)) {
    return "These steps are already connected.";
  }

  const loopBack = c.targetHandle === LOOP_BACK && target.kind === "loop";
  if (!loopBack && reaches(edges, nodes, c.target, c.source)) {
    return "This would make a cycle. To repeat steps, put them in a loop's body and connect the last one to the loop's loop-back inlet.";
  }
  if (loopBack && !reaches(edges, nodes, c.target, c.source)) {
    return `Only a step inside the body of "${target.name}" can return to its loop-back inlet.`;
  }
  return null;
}

/** Is `to` reachable from `from` without following loop-back edges? */
function reaches(edges: readonly Edge[], nodes: ReadonlyMap<string, Node>, from: string, to: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (e.kind === "loop-back" && nodes.get(e.target)?.kind === "loop") continue;
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const next of out.get(id) ?? []) if (!seen.has(next)) seen.add(next) && stack.push(next);
  }
  return false;
}
