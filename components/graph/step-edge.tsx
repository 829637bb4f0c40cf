"use client";

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { createContext, memo, useContext, useSyncExternalStore } from "react";
import type { StepFlowEdge } from "./flow";

/**
 * Which edge the pointer is over, as a tiny external store: each edge subscribes to "am I the
 * hovered one", so moving the pointer re-renders two edges, not all of them (500-node graphs).
 */
export function createHoverStore() {
  let hovered: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();
  const set = (id: string | null) => {
    clearTimeout(timer);
    if (id === hovered) return;
    hovered = id;
    for (const l of listeners) l();
  };
  return {
    set,
    /** Left the edge or its button: clear a moment later, so the pointer can reach the button. */
    leave(id: string) {
      clearTimeout(timer);
      timer = setTimeout(() => hovered === id && set(null), 400);
    },
    get: () => hovered,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type HoverStore = ReturnType<typeof createHoverStore>;

export const EdgeActionsContext = createContext<{ onInsert?: (edgeId: string) => void; hover?: HoverStore }>({});

const noHover = { subscribe: () => () => {}, get: () => null };

function StepEdge(props: EdgeProps<StepFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, selected, markerEnd, style } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const { onInsert, hover } = useContext(EdgeActionsContext);
  const store = hover ?? noHover;
  const hovered = useSyncExternalStore(store.subscribe, () => store.get() === id, () => false);
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} label={label} labelX={labelX} labelY={labelY} labelBgPadding={[4, 2]} labelBgBorderRadius={4} />
      {onInsert && (selected || hovered) ? (
        <EdgeLabelRenderer>
          <button
            type="button"
            className="nodrag nopan absolute flex size-5 items-center justify-center rounded-full border border-zinc-300 bg-white text-xs leading-none text-zinc-700 shadow-sm hover:border-sky-500 hover:text-sky-700"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY + (label ? 16 : 0)}px)`, pointerEvents: "all" }}
            aria-label={`Insert a step into edge ${id}`}
            data-testid="edge-plus"
            onMouseEnter={() => hover?.set(id)}
            onMouseLeave={() => hover?.leave(id)}
            onClick={(e) => {
              e.stopPropagation();
              onInsert(id);
            }}
          >
            +
          </button>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

/** Stable object (React Flow warns on a new edgeTypes per render). */
export const edgeTypes = { step: memo(StepEdge) };
