"use client";

import "@xyflow/react/dist/style.css";
import "./canvas.css";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
} from "@xyflow/react";
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from "react";
import type { NodeKind } from "@/core/graph";
import type { Diagnostic } from "@/core/validation";
import { cn } from "@/components/ui/cn";
import { ConnectionLine, ConnectionRulesContext } from "./connection-line";
import { connectionRefusal } from "./connection-rules";
import { isNoteNode, type CanvasFlowNode, type ModelInfo, type NodeOverlay, type StepFlowEdge } from "./flow";
import { connect, moveNodes, removeElements, type GraphBody } from "./graph-edits";
import { KIND_META } from "./kind-meta";
import { NoteActionsContext, NoteNode } from "./note-node";
import { noteIdOf, updateNote } from "./notes";
import { FIT, useOpeningView } from "./opening-view";
import { nodeTypes as stepNodeTypes } from "./step-node";
import { createHoverStore, EdgeActionsContext, edgeTypes } from "./step-edge";
import { useFlowProjection } from "./use-flow-projection";

/** Below this zoom, cards and edge labels show only what is legible (see canvas.css `.baton-lod`). */
export const LOD_ZOOM = 0.45;

/** The drag payload the palette sets: the kind of node to add, or `note` for a sticky note. */
export const KIND_MIME = "application/x-baton-node-kind";

const nodeTypes = { ...stepNodeTypes, note: NoteNode };

export interface GraphChangeMeta {
  /** Changes with the same group in a burst are one undo step (a drag is many moves). */
  group?: string;
  label: string;
}

export interface ProcessCanvasProps {
  graph: GraphBody;
  /** `edit`: draggable, connectable, deletable. `view`: read-only, for runs, history and analytics. */
  mode: "edit" | "view";
  diagnostics?: readonly Diagnostic[];
  /** Per node id: status, cost, latency, reach, painted on the card. */
  overlay?: Record<string, NodeOverlay>;
  models?: ModelInfo;
  /** Edge ids drawn highlighted (the edges a run took). */
  highlightedEdges?: ReadonlySet<string>;
  /** Selected node and edge ids; uncontrolled when omitted. */
  selection?: ReadonlySet<string>;
  onSelectionChange?: (ids: Set<string>) => void;
  onGraphChange?: (next: GraphBody, meta: GraphChangeMeta) => void;
  /** A kind dropped from the palette at a flow position. */
  onDropKind?: (kind: NodeKind, position: { x: number; y: number }) => void;
  /** A sticky note dropped from the palette at a flow position. */
  onDropNote?: (position: { x: number; y: number }) => void;
  /** A connection dragged into empty space: offer the steps that may follow. */
  onConnectToEmpty?: (from: { nodeId: string; handleId: string | null }, position: { x: number; y: number }) => void;
  onRefused?: (reason: string) => void;
  /** `+` on an edge (edit mode): insert a step into it. */
  onInsertIntoEdge?: (edgeId: string) => void;
  className?: string;
  children?: ReactNode;
  /** A second canvas inside a ProcessCanvasProvider screen (e.g. version history) gets its own store. */
  isolated?: boolean;
  /** The screen handles Delete / Backspace itself from its own selection (the designer). */
  ownsDeleteKey?: boolean;
}

const EMPTY_SELECTION: ReadonlySet<string> = new Set();

const OuterProvider = createContext(false);

/** Wrap a screen in this to drive the canvas from outside it (`useReactFlow`: fit view, focus a node). */
export function ProcessCanvasProvider({ children }: { children: ReactNode }) {
  return (
    <ReactFlowProvider>
      <OuterProvider.Provider value>{children}</OuterProvider.Provider>
    </ReactFlowProvider>
  );
}

export function ProcessCanvas(props: ProcessCanvasProps) {
  const outer = useContext(OuterProvider);
  return outer && !props.isolated ? (
    <CanvasInner {...props} />
  ) : (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}

function CanvasInner({ graph, mode, diagnostics, overlay, models, highlightedEdges, selection, onSelectionChange, onGraphChange, onDropKind, onDropNote, onConnectToEmpty, onRefused, onInsertIntoEdge, className, children, ownsDeleteKey }: ProcessCanvasProps) {
  const editable = mode === "edit";
  const [ownSelection, setOwnSelection] = useState<ReadonlySet<string>>(EMPTY_SELECTION);
  const selected = selection ?? ownSelection;
  const deco = useMemo(() => ({ diagnostics, overlay, models, highlightedEdges }), [diagnostics, overlay, models, highlightedEdges]);
  const { nodes, edges, takeDimensions } = useFlowProjection(graph, deco, selected);
  const rules = useMemo(() => ({ nodes: new Map(graph.nodes.map((n) => [n.id, n])), edges: graph.edges }), [graph]);
  const { screenToFlowPosition } = useReactFlow();
  useOpeningView();

  const select = useCallback(
    (changes: Array<NodeChange<CanvasFlowNode> | EdgeChange<StepFlowEdge>>) => {
      const picks = changes.filter((c) => c.type === "select");
      if (!picks.length) return;
      const next = new Set(selected);
      for (const c of picks) if (c.type === "select") (c.selected ? next.add(c.id) : next.delete(c.id));
      if (selection === undefined) setOwnSelection(next);
      onSelectionChange?.(next);
    },
    [selected, selection, onSelectionChange],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasFlowNode>[]) => {
      // A sticky note's resize handle sets its size (and, from the top or left, its position).
      const resized = editable ? changes.flatMap((c) => (c.type === "dimensions" && c.setAttributes && c.dimensions && noteIdOf(c.id) ? [{ id: noteIdOf(c.id)!, size: c.dimensions }] : [])) : [];
      const rest = takeDimensions(changes);
      select(rest);
      if (!editable || !onGraphChange) return;
      const moves = new Map<string, { x: number; y: number }>();
      for (const c of rest) if (c.type === "position" && c.position) moves.set(c.id, c.position);
      if (resized.length) {
        const next = resized.reduce((g, r) => updateNote(g, r.id, { size: { width: Math.round(r.size.width), height: Math.round(r.size.height) } }), moveNodes(graph, moves));
        return onGraphChange(next, { group: `resize:${resized.map((r) => r.id).join(",")}`, label: "Resize note" });
      }
      if (moves.size) onGraphChange(moveNodes(graph, moves), { group: `move:${[...moves.keys()].sort().join(",")}`, label: "Move" });
    },
    [takeDimensions, select, editable, onGraphChange, graph],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<StepFlowEdge>[]) => select(changes), [select]);

  const onDelete = useCallback(
    ({ nodes: gone, edges: goneEdges }: { nodes: CanvasFlowNode[]; edges: StepFlowEdge[] }) => {
      const ids = new Set([...gone.filter((n) => isNoteNode(n) || n.data.node.kind !== "trigger").map((n) => n.id), ...goneEdges.map((e) => e.id)]);
      if (ids.size && onGraphChange) onGraphChange(removeElements(graph, ids), { label: "Delete" });
    },
    [graph, onGraphChange],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const result = connect(graph, c);
      if ("refused" in result) onRefused?.(result.refused);
      else onGraphChange?.(result.graph, { label: "Connect" });
    },
    [graph, onGraphChange, onRefused],
  );

  const isValidConnection = useCallback((c: Connection | StepFlowEdge) => !("refused" in connect(graph, c as Connection)), [graph]);

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid || !state.fromNode || state.fromHandle?.type !== "source") return;
      // Dropped on a step: say why it was refused. Dropped on empty canvas: offer what may follow.
      if (state.toNode && state.toHandle) {
        const reason = connectionRefusal(rules.nodes, rules.edges, { source: state.fromNode.id, sourceHandle: state.fromHandle.id, target: state.toNode.id, targetHandle: state.toHandle.id });
        if (reason) onRefused?.(reason);
        return;
      }
      if ((event.target as Element | null)?.closest?.(".react-flow__node") || !onConnectToEmpty) return;
      const point = "changedTouches" in event ? event.changedTouches[0]! : event;
      onConnectToEmpty({ nodeId: state.fromNode.id, handleId: state.fromHandle.id ?? null }, screenToFlowPosition({ x: point.clientX, y: point.clientY }));
    },
    [onConnectToEmpty, onRefused, rules, screenToFlowPosition],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(KIND_MIME);
      const at = () => screenToFlowPosition({ x: event.clientX, y: event.clientY });
      if (!editable) return;
      if (kind === "note" && onDropNote) {
        event.preventDefault();
        return onDropNote(at());
      }
      if (!onDropKind || !(kind in KIND_META)) return;
      event.preventDefault();
      onDropKind(kind as NodeKind, at());
    },
    [editable, onDropKind, onDropNote, screenToFlowPosition],
  );

  const [hover] = useState(createHoverStore);
  // Level of detail: one canvas-wide subscription (a boolean, so it changes only when the zoom
  // crosses the threshold), no per-card store reads. Far out, cards keep their size (no
  // re-measure, edges stay put) but skip painting text nobody can read at that scale.
  const far = useStore((s) => s.transform[2] < LOD_ZOOM);
  // A stable context value: the callback is usually a new arrow on every render of the caller, and
  // a changed context re-renders every edge (500 of them on each frame of a drag).
  const insertRef = useRef(onInsertIntoEdge);
  useLayoutEffect(() => {
    insertRef.current = onInsertIntoEdge;
  });
  const canInsert = editable && Boolean(onInsertIntoEdge);
  const edgeActions = useMemo(() => (canInsert ? { onInsert: (id: string) => insertRef.current?.(id), hover } : {}), [canInsert, hover]);
  // Note edits read the latest graph through a ref, so the context (and every note) stays stable.
  const latest = useRef({ graph, onGraphChange });
  useLayoutEffect(() => {
    latest.current = { graph, onGraphChange };
  });
  const canWrite = editable && Boolean(onGraphChange);
  const noteActions = useMemo(
    () => (canWrite ? { onText: (id: string, text: string) => latest.current.onGraphChange?.(updateNote(latest.current.graph, id, { text }), { group: `note:${id}:text`, label: "Edit note" }) } : {}),
    [canWrite],
  );

  return (
    <ConnectionRulesContext.Provider value={rules}>
      <EdgeActionsContext.Provider value={edgeActions}>
      <NoteActionsContext.Provider value={noteActions}>
      <div className={cn("h-full w-full bg-zinc-50", far && "baton-lod", className)} onDragOver={(e) => editable && e.preventDefault()} onDrop={onDrop} data-testid="process-canvas" data-mode={mode}>
        <ReactFlow<CanvasFlowNode, StepFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onEdgeMouseEnter={(_e, edge) => hover.set(edge.id)}
          onEdgeMouseLeave={(_e, edge) => hover.leave(edge.id)}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onDelete={onDelete}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          connectionLineComponent={ConnectionLine}
          nodesDraggable={editable}
          nodesConnectable={editable}
          edgesReconnectable={false}
          deleteKeyCode={editable && !ownsDeleteKey ? ["Backspace", "Delete"] : null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={["Meta", "Control"]}
          snapToGrid
          snapGrid={[16, 16]}
          fitView
          fitViewOptions={FIT}
          minZoom={0.1}
          onlyRenderVisibleElements={nodes.length > 150}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#d4d4d8" />
          <Controls showInteractive={false} position="bottom-left" />
          <MiniMap pannable zoomable position="bottom-right" style={{ width: 160, height: 100 }} nodeStrokeWidth={2} nodeColor={(n) => (n.selected ? "#0ea5e9" : n.type === "note" ? "#fde68a" : "#d4d4d8")} maskColor="rgba(244,244,245,0.7)" />
          {children}
        </ReactFlow>
      </div>
      </NoteActionsContext.Provider>
      </EdgeActionsContext.Provider>
    </ConnectionRulesContext.Provider>
  );
}
