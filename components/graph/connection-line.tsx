"use client";

import { getBezierPath, type ConnectionLineComponentProps } from "@xyflow/react";
import { createContext, useContext } from "react";
import type { Edge, Node } from "@/core/graph";
import { connectionRefusal } from "./connection-rules";
import type { CanvasFlowNode } from "./flow";

/** The graph the connection line checks against while the user drags. */
export const ConnectionRulesContext = createContext<{ nodes: ReadonlyMap<string, Node>; edges: readonly Edge[] } | null>(null);

/** A connection preview that says why the drop would be refused, next to the cursor. */
export function ConnectionLine({ fromX, fromY, toX, toY, fromPosition, toPosition, fromNode, fromHandle, toNode, toHandle }: ConnectionLineComponentProps<CanvasFlowNode>) {
  const rules = useContext(ConnectionRulesContext);
  const [path] = getBezierPath({ sourceX: fromX, sourceY: fromY, sourcePosition: fromPosition, targetX: toX, targetY: toY, targetPosition: toPosition });
  const reversed = fromHandle.type === "target";
  const reason =
    rules && toNode && toHandle
      ? connectionRefusal(rules.nodes, rules.edges, {
          source: reversed ? toNode.id : fromNode.id,
          sourceHandle: reversed ? toHandle.id : fromHandle.id,
          target: reversed ? fromNode.id : toNode.id,
          targetHandle: reversed ? fromHandle.id : toHandle.id,
        })
      : null;
  return (
    <g>
      <path d={path} fill="none" strokeWidth={1.75} className={reason ? "stroke-red-500" : "stroke-sky-500"} strokeDasharray={reason ? "5 4" : undefined} />
      {reason ? (
        <foreignObject x={toX + 12} y={toY + 8} width={260} height={80} className="overflow-visible">
          <div role="alert" className="rounded-md bg-red-600 px-2 py-1 text-[11px] leading-snug text-white shadow" data-testid="connection-refusal">
            {reason}
          </div>
        </foreignObject>
      ) : null}
    </g>
  );
}
