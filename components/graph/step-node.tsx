"use client";

import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef, type ComponentType } from "react";
import type { NodeKind } from "@/core/graph";
import { cn } from "@/components/ui/cn";
import type { NodeOverlay, StepFlowNode } from "./flow";
import { IN, LOOP_BACK, NEW_BRANCH, sourceHandles, targetHandles, type HandleSpec } from "./handles";
import { KIND_META } from "./kind-meta";
import { nodeSummary } from "./node-summary";

/**
 * One card for every kind, specialised per kind by `nodeTypes` below. The card reads only its
 * own props (no store subscriptions), so moving one node re-renders one card.
 */
const HANDLE_TONE: Record<HandleSpec["tone"], string> = {
  default: "!bg-zinc-500",
  branch: "!bg-amber-500",
  error: "!bg-red-500",
  budget: "!bg-fuchsia-500",
  timeout: "!bg-zinc-400",
  loop: "!bg-orange-500",
};

const STATUS_RING: Record<NonNullable<NodeOverlay["status"]>, string> = {
  pending: "ring-zinc-200",
  not_reached: "ring-zinc-200 opacity-70",
  queued: "ring-zinc-400",
  succeeded: "ring-emerald-400",
  reused: "ring-blue-300",
  running: "ring-sky-400 animate-pulse",
  waiting: "ring-amber-400",
  completed: "ring-emerald-400",
  failed: "ring-red-500 bg-red-50",
  skipped: "ring-zinc-200 opacity-60",
};

const handleClass = "!h-2.5 !w-2.5 !border-2 !border-white";

function OverlayRow({ overlay }: { overlay: NodeOverlay }) {
  const parts = [
    overlay.status,
    overlay.costUsd !== undefined ? `$${overlay.costUsd.toFixed(4)}` : undefined,
    overlay.latencyMs !== undefined ? (overlay.latencyMs >= 1000 ? `${(overlay.latencyMs / 1000).toFixed(1)} s` : `${Math.round(overlay.latencyMs)} ms`) : undefined,
    overlay.reach !== undefined ? `${Math.round(overlay.reach * 100)}% reach` : undefined,
    overlay.label,
  ].filter(Boolean);
  return (
    <div
      className={cn("border-t border-zinc-100 px-3 py-1.5 text-[11px]", overlay.heat ? "rounded-b-lg text-zinc-900" : "text-zinc-600")}
      style={overlay.heat ? { backgroundColor: overlay.heat } : undefined}
      data-testid="node-overlay"
      data-heat={overlay.heat}
    >
      {parts.join(" · ").replace("not_reached", "not reached")}
      {overlay.lines?.map((line) => (
        <p key={line} className="truncate text-zinc-700" title={line}>
          {line}
        </p>
      ))}
      {overlay.link ? (
        <a href={overlay.link.href} className="nodrag nopan block font-medium text-sky-700 hover:underline" data-testid="node-link">
          {overlay.link.label}
        </a>
      ) : null}
    </div>
  );
}

/**
 * React Flow measures a card's handles when its size changes. Renaming a handle (a human decision's
 * id) changes no size, so React Flow would keep the old id and refuse drags from the renamed outlet:
 * re-measure when the set of handle ids changes (not on mount, which React Flow measures anyway).
 */
function useHandleIdsMeasured(id: string, handleIds: string) {
  const update = useUpdateNodeInternals();
  const seen = useRef(handleIds);
  useEffect(() => {
    if (seen.current === handleIds) return;
    seen.current = handleIds;
    update(id);
  }, [id, handleIds, update]);
}

function StepNodeCard({ id, data, selected, isConnectable }: NodeProps<StepFlowNode>) {
  const { node, diagnostics, overlay, model, outgoing } = data;
  const meta = KIND_META[node.kind];
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  // "+ branch" creates an edge: only where edges can be drawn.
  const outlets = sourceHandles(node, outgoing).filter((h) => isConnectable || h.id !== NEW_BRANCH);
  const single = outlets.length === 1 && outlets[0]!.label === "";
  const labelled = single ? [] : outlets.filter((h) => h.label !== "");
  const bare = single ? outlets : outlets.filter((h) => h.label === "");
  const inlets = targetHandles(node);
  useHandleIdsMeasured(id, [...inlets, ...outlets.map((h) => h.id)].join("|"));

  return (
    <div
      className={cn(
        "w-60 rounded-lg border bg-white text-left shadow-sm transition-shadow",
        errors ? "border-red-300" : "border-zinc-200",
        selected ? "shadow-md ring-2 ring-sky-500" : overlay?.status ? `ring-2 ${STATUS_RING[overlay.status]}` : "hover:shadow-md",
      )}
      style={overlay?.heat && !selected ? { outline: `3px solid ${overlay.heat}` } : undefined}
      data-kind={node.kind}
      data-status={overlay?.status}
    >
      {inlets.includes(IN) ? <Handle type="target" id={IN} position={Position.Left} isConnectable={isConnectable} className={cn(handleClass, "!bg-zinc-500")} /> : null}
      {inlets.includes(LOOP_BACK) ? (
        <Handle type="target" id={LOOP_BACK} position={Position.Bottom} isConnectable={isConnectable} className={cn(handleClass, "!bg-orange-500")} title="loop-back" />
      ) : null}

      <div className="flex items-start gap-2.5 px-3 pt-2.5 pb-2">
        <span className={cn("mt-0.5 grid size-7 shrink-0 place-items-center rounded-md ring-1 ring-inset", meta.accent)}>
          <meta.Icon className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1.5">
            <p className="truncate text-sm font-medium text-zinc-900" title={node.name}>
              {node.name}
            </p>
            {errors || warnings ? (
              <span
                className={cn("ml-auto shrink-0 rounded px-1 text-[10px] font-semibold leading-4", errors ? "bg-red-100 text-red-700" : "bg-amber-100 text-amber-800")}
                title={diagnostics.map((d) => d.message).join("\n")}
                data-testid="node-diagnostics"
              >
                {errors ? `${errors} error${errors === 1 ? "" : "s"}` : `${warnings} warning${warnings === 1 ? "" : "s"}`}
              </span>
            ) : null}
          </div>
          <p className="baton-node-detail text-[11px] uppercase tracking-wide text-zinc-400">
            {meta.label} · <span className="font-mono normal-case tracking-normal">{node.id}</span>
          </p>
        </div>
      </div>
      <div className="baton-node-detail space-y-0.5 px-3 pb-2.5 text-xs text-zinc-600">
        {nodeSummary(node, model).map((line) => (
          <p key={line} className="truncate" title={line}>
            {line}
          </p>
        ))}
      </div>

      {labelled.length ? (
        <div className="border-t border-zinc-100 py-1">
          {labelled.map((h) => (
            <div key={h.id} className="relative py-0.5 pr-3 text-right text-[11px] text-zinc-500">
              <span className="baton-node-detail truncate">{h.label}</span>
              <Handle type="source" id={h.id} position={Position.Right} isConnectable={isConnectable} className={cn(handleClass, HANDLE_TONE[h.tone])} />
            </div>
          ))}
        </div>
      ) : null}
      {bare.map((h) => (
        <Handle key={h.id} type="source" id={h.id} position={Position.Right} isConnectable={isConnectable} className={cn(handleClass, HANDLE_TONE[h.tone])} />
      ))}
      {overlay ? <OverlayRow overlay={overlay} /> : null}
    </div>
  );
}

/** One memoised component per kind, so a kind can grow its own card without touching the others. */
function forKind(kind: NodeKind) {
  const Component = memo(StepNodeCard);
  Component.displayName = `${KIND_META[kind].label}Node`;
  return Component;
}

export const nodeTypes: Record<NodeKind, ComponentType<NodeProps<StepFlowNode>>> = {
  trigger: forKind("trigger"),
  llm: forKind("llm"),
  tool: forKind("tool"),
  router: forKind("router"),
  parallel: forKind("parallel"),
  join: forKind("join"),
  loop: forKind("loop"),
  human: forKind("human"),
  delay: forKind("delay"),
  subprocess: forKind("subprocess"),
  end: forKind("end"),
};
