"use client";

import type { NodeKind } from "@/core/graph";
import { KIND_MIME, KIND_META, NODE_KINDS } from "@/components/graph";
import { cn } from "@/components/ui/cn";

/** Node kinds to drag onto the canvas, or click to add after the selected step. */
export function Palette({ onAdd, onAddNote }: { onAdd: (kind: NodeKind) => void; onAddNote: () => void }) {
  return (
    <nav aria-label="Add a step" className="w-48 shrink-0 overflow-y-auto border-r border-zinc-200 bg-white p-2">
      <p className="px-2 pt-1 pb-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-400">Steps</p>
      <ul className="space-y-0.5">
        {NODE_KINDS.filter((k) => k !== "trigger").map((kind) => {
          const meta = KIND_META[kind];
          return (
            <li key={kind}>
              <button
                type="button"
                draggable
                data-testid={`palette-${kind}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(KIND_MIME, kind);
                  e.dataTransfer.effectAllowed = "move";
                }}
                onClick={() => onAdd(kind)}
                className="group flex w-full cursor-grab items-center gap-2.5 rounded-md px-2 py-1.5 text-left hover:bg-zinc-50 active:cursor-grabbing"
                title={meta.purpose}
              >
                <span className={cn("grid size-7 shrink-0 place-items-center rounded-md ring-1 ring-inset", meta.accent)}>
                  <meta.Icon className="size-4" />
                </span>
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-zinc-900">{meta.label}</span>
                  <span className="block truncate text-[11px] text-zinc-500">{meta.purpose}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <p className="px-2 pt-3 pb-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-400">Canvas</p>
      <button
        type="button"
        draggable
        data-testid="palette-note"
        onDragStart={(e) => {
          e.dataTransfer.setData(KIND_MIME, "note");
          e.dataTransfer.effectAllowed = "move";
        }}
        onClick={onAddNote}
        className="flex w-full cursor-grab items-center gap-2.5 rounded-md px-2 py-1.5 text-left hover:bg-zinc-50 active:cursor-grabbing"
        title="A note for people reading the process; not a step, never run"
      >
        <span className="grid size-7 shrink-0 place-items-center rounded-md bg-amber-100 text-sm ring-1 ring-amber-200 ring-inset" aria-hidden>
          ✎
        </span>
        <span className="min-w-0">
          <span className="block text-sm font-medium text-zinc-900">Sticky note</span>
          <span className="block truncate text-[11px] text-zinc-500">Explain a part of the process</span>
        </span>
      </button>
    </nav>
  );
}
