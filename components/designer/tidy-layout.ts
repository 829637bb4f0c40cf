import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";
import type { ProcessGraph } from "@/core/graph";
import { estimatedHeight } from "@/components/graph/layout";
import { handlesOfEdge, sourceHandles } from "@/components/graph/handles";

/**
 * Tidy up: elkjs "layered" left to right. Each outlet is an ELK port in the order the card
 * shows it (FIXED_ORDER), so router branches and human decisions keep their order top to
 * bottom. Loaded lazily by the designer (elkjs is large). With a selection, only those steps
 * move, and they stay where the selection was.
 */
const WIDTH = 240;

export function toElk(graph: Pick<ProcessGraph, "nodes" | "edges">, scope?: ReadonlySet<string>): ElkNode {
  const nodes = graph.nodes.filter((n) => !scope || scope.has(n.id));
  const inside = new Set(nodes.map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // Loop-back edges are left to React Flow to draw: given to ELK, its cycle breaking may pick a
  // forward edge to reverse instead, and the loop body would end up left of its loop.
  const edges = graph.edges.filter((e) => inside.has(e.source) && inside.has(e.target) && !(e.kind === "loop-back" && byId.get(e.target)?.kind === "loop"));
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "80",
      "elk.spacing.nodeNode": "40",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    },
    children: nodes.map((n) => {
      const outgoing = graph.edges.filter((e) => e.source === n.id);
      const outlets = sourceHandles(n, outgoing);
      return {
        id: n.id,
        width: WIDTH,
        height: estimatedHeight(n, outgoing.length),
        layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
        ports: [
          { id: `${n.id}::in`, layoutOptions: { "elk.port.side": "WEST", "elk.port.index": "0" } },
          { id: `${n.id}::loop-back`, layoutOptions: { "elk.port.side": "SOUTH", "elk.port.index": "0" } },
          // ELK numbers EAST ports clockwise (top to bottom), matching the card's order.
          ...outlets.map((h, i) => ({ id: `${n.id}::${h.id}`, layoutOptions: { "elk.port.side": "EAST", "elk.port.index": String(i) } })),
        ],
      };
    }),
    edges: edges.map((e) => {
      const h = handlesOfEdge(e, byId.get(e.target));
      return { id: e.id, sources: [`${e.source}::${h.sourceHandle}`], targets: [`${e.target}::${h.targetHandle}`] };
    }),
  };
}

/** Positions from ELK's result, shifted so the laid-out group keeps the top-left corner it had. */
export function fromElk(result: ElkNode, graph: Pick<ProcessGraph, "nodes">, scope?: ReadonlySet<string>): Map<string, { x: number; y: number }> {
  const moved = graph.nodes.filter((n) => !scope || scope.has(n.id));
  const before = moved.map((n) => n.position ?? { x: 0, y: 0 });
  const anchor = scope ? { x: Math.min(...before.map((p) => p.x)), y: Math.min(...before.map((p) => p.y)) } : { x: 0, y: 0 };
  const children = result.children ?? [];
  const min = { x: Math.min(...children.map((c) => c.x ?? 0)), y: Math.min(...children.map((c) => c.y ?? 0)) };
  const out = new Map<string, { x: number; y: number }>();
  for (const child of children) out.set(child.id, { x: Math.round(anchor.x + (child.x ?? 0) - min.x), y: Math.round(anchor.y + (child.y ?? 0) - min.y) });
  return out;
}

export async function tidyLayout(graph: Pick<ProcessGraph, "nodes" | "edges">, scope?: ReadonlySet<string>) {
  const elk = new ELK();
  return fromElk(await elk.layout(toElk(graph, scope)), graph, scope);
}
