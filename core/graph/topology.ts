import { edgeKind, type Edge } from "./edges";
import type { Node } from "./nodes";
import { NodeSet, StringHeap } from "./node-set";
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
  /** Node numbering for bitset node sets: `ids[numbering.get(id)] === id`, ids sorted. */
  numbering: Map<string, number>;
  ids: string[];
  /** Targets of each node's valid outgoing edges, by number. */
  successors: number[][];
  /** Nodes that may have run before this node starts. */
  ancestors: Map<string, NodeSet>;
  /** Nodes that have certainly run before this node starts (join "all" unions its branches). */
  dominators: Map<string, NodeSet>;
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

  // Number the nodes (sorted id order) so ancestor and dominator sets are bitsets.
  const ids = [...nodes.keys()];
  const numbering = new Map(ids.map((id, i) => [id, i]));
  const empty = () => new NodeSet(numbering, ids);
  const successors = ids.map((id) => outgoing.get(id)!.map((e) => numbering.get(e.target)!));
  const ancestors = new Map<string, NodeSet>();
  const dominators = new Map<string, NodeSet>();
  for (const id of order) {
    const preds = (flowPreds.get(id) ?? []).filter((p) => ancestors.has(p));
    const anc = empty();
    for (const p of preds) {
      anc.addIndex(numbering.get(p)!);
      anc.unionWith(ancestors.get(p)!);
    }
    ancestors.set(id, anc);

    const node = nodes.get(id)!;
    const domPreds = preds.filter((p) => reachable.has(p));
    const dom = empty();
    domPreds.forEach((p, i) => {
      const pi = numbering.get(p)!;
      if (i === 0 || (node.kind === "join" && node.mode === "all")) {
        dom.unionWith(dominators.get(p)!);
        dom.addIndex(pi);
      } else {
        dom.intersectWithPlus(dominators.get(p)!, pi);
      }
    });
    dominators.set(id, dom);
  }

  return { nodes, edges, outgoing, incoming, trigger, reachable, flowPreds, order, numbering, ids, successors, ancestors, dominators };
}

/** An empty set over this graph's node numbering. */
export function emptyNodeSet(index: Pick<GraphIndex, "numbering" | "ids">): NodeSet {
  return new NodeSet(index.numbering, index.ids);
}

function topologicalOrder(ids: string[], preds: Map<string, string[]>): string[] {
  const remaining = new Map<string, number>();
  const succs = new Map<string, string[]>();
  for (const id of ids) {
    remaining.set(id, (preds.get(id) ?? []).length);
    succs.set(id, []);
  }
  for (const [id, ps] of preds) for (const p of ps) succs.get(p)?.push(id);
  const ready = new StringHeap();
  for (const id of ids) if (remaining.get(id) === 0) ready.push(id);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.pop()!;
    order.push(id);
    for (const s of succs.get(id) ?? []) {
      const left = remaining.get(s)! - 1;
      remaining.set(s, left);
      if (left === 0) ready.push(s);
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

  // Tarjan's algorithm with an explicit call stack: a recursive visit overflowed the stack on
  // long chains (6,000 nodes). Each frame is a node and the position in its successor list.
  const frames: Array<{ v: string; next: number }> = [];
  const open = (v: string) => {
    idx.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    frames.push({ v, next: 0 });
  };
  for (const root of [...index.nodes.keys()].sort()) {
    if (idx.has(root)) continue;
    open(root);
    while (frames.length) {
      const frame = frames[frames.length - 1]!;
      const { v } = frame;
      const succ = adj.get(v)!;
      if (frame.next < succ.length) {
        const w = succ[frame.next++]!;
        if (!idx.has(w)) open(w);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(v)!));
      if (low.get(v) === idx.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || succ.includes(v)) result.push(component.sort());
      }
    }
  }
  return result.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** Nodes reachable from `start` without passing through `stop`. */
export function reachableWithout(index: GraphIndex, start: string, stop: string): NodeSet {
  const seen = emptyNodeSet(index);
  const from = index.numbering.get(start);
  const stopAt = index.numbering.get(stop) ?? -1;
  if (from === undefined) return seen;
  // Integer indices and a typed visited array: findJoin runs this once per branch of every
  // parallel block, so nested blocks make it the hottest loop of validation.
  const visited = new Uint8Array(index.ids.length);
  const stack = [from];
  while (stack.length) {
    const i = stack.pop()!;
    if (i === stopAt || visited[i]) continue;
    visited[i] = 1;
    seen.addIndex(i);
    for (const t of index.successors[i]!) if (!visited[t]) stack.push(t);
  }
  return seen;
}

const joins = new WeakMap<GraphIndex, { joinsInOrder: string[]; found: Map<string, string | undefined> }>();

/**
 * The join that closes a parallel block: the first join (in flow order) reachable from
 * every branch without passing back through the parallel node. Memoised per index: validation
 * and the compiler both ask, and nested blocks make each answer a walk over most of the graph.
 */
export function findJoin(index: GraphIndex, parallelId: string): string | undefined {
  let memo = joins.get(index);
  if (!memo) joins.set(index, (memo = { joinsInOrder: index.order.filter((id) => index.nodes.get(id)?.kind === "join"), found: new Map() }));
  if (memo.found.has(parallelId)) return memo.found.get(parallelId);
  const branches = index.outgoing.get(parallelId) ?? [];
  let found: string | undefined;
  if (branches.length > 0) {
    const common = reachableWithout(index, branches[0]!.target, parallelId);
    for (const e of branches.slice(1)) common.intersectWith(reachableWithout(index, e.target, parallelId));
    found = memo.joinsInOrder.find((id) => common.has(id));
  }
  memo.found.set(parallelId, found);
  return found;
}
