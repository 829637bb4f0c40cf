import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";
import { describeWhen, type Edge, type Node, type ProcessGraph, type StickyNote } from "@/core/graph";
import type { Diagnostic } from "@/core/validation";
import { handlesOfEdge } from "./handles";
import { layeredLayout } from "./layout";
import { NOTE_SIZE, noteFlowId } from "./notes";

/**
 * React Flow state is a projection of the domain graph: `toFlow` builds it, `fromFlow` reads it
 * back, and the pair round-trips (positions are the only thing the canvas adds). Node data holds
 * the domain node and display-only decorations; never callbacks (they would defeat memoisation).
 */

/** What the run view, version history and analytics paint over a node. */
export interface NodeOverlay {
  status?: "pending" | "not_reached" | "queued" | "running" | "waiting" | "completed" | "succeeded" | "failed" | "skipped" | "reused";
  costUsd?: number;
  latencyMs?: number;
  /** Share of runs that reached the node, 0–1. */
  reach?: number;
  label?: string;
  /** Extra lines under the card (a router's routed value and branch, a loop's iterations). */
  lines?: readonly string[];
  /** A heat-map colour (CSS) for the card's figure row and outline: analytics' overlay of cost, latency, errors or reach. */
  heat?: string;
  /** A link the card offers (a sub-process node's child run); data, not a callback. */
  link?: { href: string; label: string };
}

/** Prices and tier mapping, so LLM nodes can show the model a tier resolves to and its price. */
export interface ModelInfo {
  tiers: Partial<Record<"light" | "mid" | "strong", string | undefined>>;
  /** USD per 1M input / output tokens by model name. */
  prices?: Record<string, { input: number; output: number }>;
}

export interface NodeDecorations {
  diagnostics?: readonly Diagnostic[];
  overlay?: Record<string, NodeOverlay>;
  models?: ModelInfo;
  /** Edge ids to highlight (the edges a run took). */
  highlightedEdges?: ReadonlySet<string>;
}

export interface StepNodeData extends Record<string, unknown> {
  node: Node;
  /** Outgoing domain edges, for nodes whose outlets depend on them (router branches). */
  outgoing: readonly Edge[];
  diagnostics: readonly Diagnostic[];
  overlay?: NodeOverlay;
  model?: { name: string; price?: { input: number; output: number } };
}

export interface StepEdgeData extends Record<string, unknown> {
  edge: Edge;
  diagnostics: readonly Diagnostic[];
}

export type StepFlowNode = FlowNode<StepNodeData, Node["kind"]>;
export type StepFlowEdge = FlowEdge<StepEdgeData>;

/** A sticky note on the canvas: a card of its own type, never a step. */
export interface NoteNodeData extends Record<string, unknown> {
  note: StickyNote;
}
export type NoteFlowNode = FlowNode<NoteNodeData, "note">;
/** Everything React Flow holds as a node: steps and sticky notes. */
export type CanvasFlowNode = StepFlowNode | NoteFlowNode;

export const isNoteNode = (n: CanvasFlowNode): n is NoteFlowNode => n.type === "note";

/** Notes as canvas nodes, drawn under the steps (zIndex) at their stored size. */
export function notesToFlow(notes: readonly StickyNote[] | undefined): NoteFlowNode[] {
  return (notes ?? []).map((note) => ({
    id: noteFlowId(note.id),
    type: "note",
    position: note.position,
    width: note.size?.width ?? NOTE_SIZE.width,
    height: note.size?.height ?? NOTE_SIZE.height,
    zIndex: -1,
    data: { note },
  }));
}

const EMPTY: readonly Diagnostic[] = [];

function group<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) (out.get(k) ?? out.set(k, []).get(k)!).push(item);
  }
  return out;
}

function resolvedModel(node: Node, models: ModelInfo | undefined): StepNodeData["model"] {
  if (node.kind !== "llm" || !models) return undefined;
  const name = "tier" in node.model ? models.tiers[node.model.tier] : node.model.model;
  if (!name) return undefined;
  return { name, price: models.prices?.[name] };
}

export function edgeLabel(edge: Edge): string | undefined {
  if (edge.kind === "branch" && edge.when) return edge.label ? `${edge.label} (${describeWhen(edge.when)})` : describeWhen(edge.when);
  if (edge.kind && edge.kind !== "default" && edge.kind !== "branch") return edge.label ?? edge.kind;
  return edge.label;
}

export function toFlow(graph: Pick<ProcessGraph, "nodes" | "edges" | "notes">, deco: NodeDecorations = {}): { nodes: StepFlowNode[]; edges: StepFlowEdge[]; notes: NoteFlowNode[] } {
  const missing = graph.nodes.some((n) => !n.position);
  const layout = missing ? layeredLayout(graph.nodes, graph.edges) : undefined;
  const byNode = group(deco.diagnostics ?? EMPTY, (d) => d.nodeId);
  const byEdge = group(deco.diagnostics ?? EMPTY, (d) => d.edgeId);
  const outgoing = group(graph.edges, (e) => e.source);
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));

  const nodes = graph.nodes.map(
    (node): StepFlowNode => ({
      id: node.id,
      type: node.kind,
      position: node.position ?? layout?.get(node.id) ?? { x: 0, y: 0 },
      data: {
        node,
        outgoing: outgoing.get(node.id) ?? [],
        diagnostics: byNode.get(node.id) ?? EMPTY,
        overlay: deco.overlay?.[node.id],
        model: resolvedModel(node, deco.models),
      },
    }),
  );
  const edges = graph.edges.map((edge): StepFlowEdge => {
    const diagnostics = byEdge.get(edge.id) ?? EMPTY;
    const kind = edge.kind ?? "default";
    return {
      id: edge.id,
      type: "step",
      source: edge.source,
      target: edge.target,
      ...handlesOfEdge(edge, nodeById.get(edge.target)),
      label: edgeLabel(edge),
      className: `baton-edge baton-edge-${kind}${diagnostics.some((d) => d.severity === "error") ? " baton-edge-invalid" : ""}${deco.highlightedEdges?.has(edge.id) ? " baton-edge-taken" : ""}`,
      animated: kind === "loop-back",
      data: { edge, diagnostics },
    };
  });
  return { nodes, edges, notes: notesToFlow(graph.notes) };
}

/**
 * The domain nodes, edges and notes a canvas state stands for. Node content comes from `data.node`,
 * the position from the canvas; edges keep their domain fields and take the canvas's endpoints;
 * notes take the canvas's position and, once resized, its size.
 */
export function fromFlow(nodes: readonly CanvasFlowNode[], edges: readonly StepFlowEdge[]): Pick<ProcessGraph, "nodes" | "edges" | "notes"> {
  const at = (p: { x: number; y: number }) => ({ x: Math.round(p.x), y: Math.round(p.y) });
  const steps = nodes.filter((n): n is StepFlowNode => !isNoteNode(n));
  const notes = nodes.filter(isNoteNode).map((n) => {
    const { size: _size, ...note } = n.data.note;
    const resized = n.width !== undefined && n.height !== undefined && (n.data.note.size !== undefined || n.width !== NOTE_SIZE.width || n.height !== NOTE_SIZE.height);
    return { ...note, position: at(n.position), ...(resized ? { size: { width: Math.round(n.width!), height: Math.round(n.height!) } } : {}) };
  });
  return {
    nodes: steps.map((n) => ({ ...n.data.node, position: at(n.position) })),
    edges: edges.map((e) => ({ ...e.data!.edge, source: e.source, target: e.target })),
    ...(notes.length ? { notes } : {}),
  };
}
