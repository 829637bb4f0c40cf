import { edgeKind, type Edge } from "./edges";
import type { Node } from "./nodes";
import type { ProcessGraph } from "./process-graph";

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Derived structure of a graph, shared by validation and the compiler. Everything is
 * sorted by id so that results never depend on the order nodes and edges were drawn in.
 *
 * The "flow DAG" is the graph without guarded loop-back edges, where a loop's `exit`
 * edge is treated as leaving from the end of the loop body: the body always runs at
 * least once, so its outputs are available after the loop.
 */
export interface GraphIndex {
  nodes: Map<string, Node>;
  /** Edges whose source and target both exist, sorted by id. */
  edges: Edge[];
  outgoing: Map<string, Edge[]>;
  incoming: Map<string, Edge[]>;
  trigger: Node | undefined;
  /** Nodes reachable from the trigger over any valid edge. */
  reachable: Set<string>;
  /** Flow-DAG predecessors. */
  flowPreds: Map<string, string[]>;
  /** Topological order of the flow DAG, ties broken by id; nodes in cycles come last. */
  order: string[];
  /** Nodes that may have run before this node starts. */
  ancestors: Map<string, Set<string>>;
  /** Nodes that have certainly run before this node starts (join "all" unions its branches). */
  dominators: Map<string, Set<string>>;
}

export function isGuardedBackEdge(edge: Edge, nodes: Map<string, Node>): boolean {
  return edgeKind(edge) === "loop-back" && nodes.get(edge.target)?.kind === "loop";
}

export function indexGraph(graph: ProcessGraph): GraphIndex {
  const nodes = new Map<string, Node>();
  for (const node of [...graph.nodes].sort(byId)) if (!nodes.has(node.id)) nodes.set(node.id, node);

  const seenEdges = new Set<string>();
  const edges = [...graph.edges]
    .sort(byId)
    .filter((e) => nodes.has(e.source) && nodes.has(e.target) && !seenEdges.has(e.id) && seenEdges.add(e.id));

  const outgoing = new Map<string, Edge[]>();
  const incoming = new Map<string, Edge[]>();
  for (const id of nodes.keys()) {
    outgoing.set(id, []);
    incoming.set(id, []);
  }
  for (const e of edges) {
    outgoing.get(e.source)!.push(e);
    incoming.get(e.target)!.push(e);
  }

  const trigger = [...nodes.values()].find((n) => n.kind === "trigger");
  const reachable = new Set<string>();
  if (trigger) {
    const stack = [trigger.id];
    while (stack.length) {
      const id = stack.pop()!;
      if (reachable.has(id)) continue;
      reachable.add(id);
      for (const e of outgoing.get(id) ?? []) stack.push(e.target);
    }
  }

  // Flow DAG.
  const flowPreds = new Map<string, string[]>();
  for (const id of nodes.keys()) flowPreds.set(id, []);
  for (const e of edges) {
    if (isGuardedBackEdge(e, nodes)) continue;
    const source = nodes.get(e.source)!;
    if (source.kind === "loop" && e.sourceHandle === "exit") {
      const backSources = (incoming.get(source.id) ?? [])
        .filter((b) => isGuardedBackEdge(b, nodes))
        .map((b) => b.source);
      if (backSources.length) {
        for (const s of backSources) flowPreds.get(e.target)!.push(s);
        continue;
      }
    }
    flowPreds.get(e.target)!.push(e.source);
  }
  for (const [id, preds] of flowPreds) flowPreds.set(id, [...new Set(preds)].sort());

  const order = topologicalOrder([...nodes.keys()], flowPreds);

  const ancestors = new Map<string, Set<string>>();
  const dominators = new Map<string, Set<string>>();
  for (const id of order) {
    const preds = (flowPreds.get(id) ?? []).filter((p) => ancestors.has(p));
    const anc = new Set<string>();
    for (const p of preds) {
      anc.add(p);
      for (const a of ancestors.get(p)!) anc.add(a);
    }
    ancestors.set(id, anc);

    const node = nodes.get(id)!;
    let dom: Set<string>;
    const domSets = preds.filter((p) => reachable.has(p)).map((p) => withSelf(dominators.get(p)!, p));
    if (domSets.length === 0) dom = new Set();
    else if (node.kind === "join" && node.mode === "all") dom = new Set(domSets.flatMap((s) => [...s]));
    else dom = new Set([...domSets[0]!].filter((x) => domSets.every((s) => s.has(x))));
    dominators.set(id, dom);
  }

  return { nodes, edges, outgoing, incoming, trigger, reachable, flowPreds, order, ancestors, dominators };
}

function withSelf(set: Set<string>, id: string): Set<string> {
  const copy = new Set(set);
  copy.add(id);
  return copy;
}

function topologicalOrder(ids: string[], preds: Map<string, string[]>): string[] {
  const remaining = new Map<string, number>();
  const succs = new Map<string, string[]>();
  for (const id of ids) {
    remaining.set(id, (preds.get(id) ?? []).length);
    succs.set(id, []);
  }
  for (const [id, ps] of preds) for (const p of ps) succs.get(p)?.push(id);
  const ready = ids.filter((id) => remaining.get(id) === 0).sort();
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const s of succs.get(id) ?? []) {
      const left = remaining.get(s)! - 1;
      remaining.set(s, left);
      if (left === 0) {
        ready.push(s);
        ready.sort();
      }
    }
  }
  const placed = new Set(order);
  return [...order, ...ids.filter((id) => !placed.has(id)).sort()];
}

/** Strongly connected components with more than one node, or a node with an edge to itself. */
export function findCycles(index: GraphIndex): string[][] {
  const adj = new Map<string, string[]>();
  for (const id of index.nodes.keys()) adj.set(id, []);
  for (const e of index.edges) if (!isGuardedBackEdge(e, index.nodes)) adj.get(e.source)!.push(e.target);

  let counter = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];

  const visit = (v: string) => {
    idx.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v)!) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || adj.get(v)!.includes(v)) result.push(component.sort());
    }
  };
  for (const id of [...index.nodes.keys()].sort()) if (!idx.has(id)) visit(id);
  return result.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** Nodes reachable from `start` without passing through `stop`. */
export function reachableWithout(index: GraphIndex, start: string, stop: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === stop || seen.has(id)) continue;
    seen.add(id);
    for (const e of index.outgoing.get(id) ?? []) stack.push(e.target);
  }
  return seen;
}

/**
 * The join that closes a parallel block: the first join (in flow order) reachable from
 * every branch without passing back through the parallel node.
 */
export function findJoin(index: GraphIndex, parallelId: string): string | undefined {
  const branches = index.outgoing.get(parallelId) ?? [];
  if (branches.length === 0) return undefined;
  const sets = branches.map((e) => reachableWithout(index, e.target, parallelId));
  return index.order.find((id) => index.nodes.get(id)?.kind === "join" && sets.every((s) => s.has(id)));
}
