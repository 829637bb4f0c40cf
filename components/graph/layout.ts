import type { Edge, Node } from "@/core/graph";

/**
 * The automatic layout for graphs drawn without positions (imports, API-made processes):
 * layered left to right by longest path from the trigger, loop-back edges ignored, each layer
 * ordered by the average slot of its predecessors so branches keep their order. Tidy-up with
 * elkjs refines it on demand; this one is synchronous so the first paint is already laid out.
 */
export const COLUMN_WIDTH = 320;
export const ROW_GAP = 40;

/** Height the node card will roughly take: a header plus one row per extra outlet. */
export function estimatedHeight(node: Node, outgoing: number): number {
  const outlets = node.kind === "human" ? node.decisions.length + 1 : node.kind === "router" ? outgoing + 2 : node.kind === "llm" ? 3 : 1;
  return 84 + Math.max(0, outlets - 2) * 18;
}

export function layeredLayout(nodes: readonly Node[], edges: readonly Edge[]): Map<string, { x: number; y: number }> {
  const ids = new Set(nodes.map((n) => n.id));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const forward = edges.filter((e) => ids.has(e.source) && ids.has(e.target) && !(e.kind === "loop-back" && byId.get(e.target)?.kind === "loop"));
  const preds = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const succs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of forward) {
    preds.get(e.target)!.push(e.source);
    succs.get(e.source)!.push(e.target);
  }

  // Longest-path ranks over a topological order; nodes left in cycles take the rank after their known preds.
  const rank = new Map<string, number>();
  const indegree = new Map(nodes.map((n) => [n.id, preds.get(n.id)!.length]));
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const next of succs.get(id)!) {
      indegree.set(next, indegree.get(next)! - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }
  for (const n of nodes) if (!order.includes(n.id)) order.push(n.id);
  for (const id of order) rank.set(id, Math.max(0, ...preds.get(id)!.map((p) => (rank.get(p) ?? -1) + 1)));

  const layers: string[][] = [];
  for (const id of order) (layers[rank.get(id)!] ??= []).push(id);

  const slot = new Map<string, number>();
  const positions = new Map<string, { x: number; y: number }>();
  layers.forEach((layer, column) => {
    const weight = (id: string) => {
      const ps = preds.get(id)!.filter((p) => slot.has(p));
      return ps.length ? ps.reduce((s, p) => s + slot.get(p)!, 0) / ps.length : Number.MAX_SAFE_INTEGER;
    };
    const sorted = column === 0 ? layer : [...layer].sort((a, b) => weight(a) - weight(b));
    const heights = sorted.map((id) => estimatedHeight(byId.get(id)!, succs.get(id)!.length));
    const total = heights.reduce((s, h) => s + h + ROW_GAP, -ROW_GAP);
    let y = -total / 2;
    sorted.forEach((id, i) => {
      slot.set(id, i);
      positions.set(id, { x: column * COLUMN_WIDTH, y: Math.round(y) });
      y += heights[i]! + ROW_GAP;
    });
  });
  return positions;
}
