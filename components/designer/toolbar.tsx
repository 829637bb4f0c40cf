"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { SaveState } from "./use-autosave";

function SaveBadge({ state, onReload }: { state: SaveState; onReload: () => void }) {
  const text = { saved: "Saved", dirty: "Unsaved changes", saving: "Saving…", error: "Not saved", conflict: "Changed elsewhere" }[state.status];
  return (
    <span className="flex items-center gap-2" data-testid="save-state" data-status={state.status}>
      <span className={cn("inline-flex items-center gap-1.5 text-xs", state.status === "error" || state.status === "conflict" ? "text-red-700" : "text-zinc-500")} title={"message" in state ? state.message : undefined}>
        <span className={cn("size-1.5 rounded-full", { saved: "bg-emerald-500", dirty: "bg-amber-400", saving: "bg-sky-500 animate-pulse", error: "bg-red-500", conflict: "bg-red-500" }[state.status])} />
        {text}
      </span>
      {state.status === "conflict" ? (
        <Button size="sm" variant="secondary" onClick={onReload}>
          Reload
        </Button>
      ) : null}
    </span>
  );
}

export interface ToolbarProps {
  slug: string;
  name: string;
  editable: boolean;
  save: SaveState;
  errors: number;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onTidy: () => void;
  onExport: () => void;
  onHelp: () => void;
  onPublish: () => void;
  onReload: () => void;
  extra?: ReactNode;
}

export function Toolbar(p: ToolbarProps) {
  const publishBlocked = p.errors > 0 ? `Fix ${p.errors} error${p.errors === 1 ? "" : "s"} first` : p.save.status !== "saved" ? "Wait for the draft to save" : undefined;
  return (
    <div className="flex h-12 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-4">
      <Link href={`/processes/${p.slug}`} className="text-sm text-zinc-500 hover:text-zinc-900">
        ← {p.name}
      </Link>
      <span className="h-5 w-px bg-zinc-200" aria-hidden="true" />
      {p.editable ? <SaveBadge state={p.save} onReload={p.onReload} /> : <Badge tone="amber">Read-only</Badge>}
      <div className="ml-auto flex items-center gap-1">
        {p.editable ? (
          <>
            <Button size="sm" variant="ghost" onClick={p.onUndo} disabled={!p.canUndo} title="Undo (Mod+Z)" aria-label="Undo">
              Undo
            </Button>
            <Button size="sm" variant="ghost" onClick={p.onRedo} disabled={!p.canRedo} title="Redo (Shift+Mod+Z)" aria-label="Redo">
              Redo
            </Button>
            <Button size="sm" variant="ghost" onClick={p.onTidy} title="Lay the graph out left to right (the selection only, if several steps are selected)">
              Tidy up
            </Button>
          </>
        ) : null}
        <Button size="sm" variant="ghost" onClick={p.onExport} title="Download the graph as JSON">
          Export
        </Button>
        {p.extra}
        <Button size="sm" variant="ghost" onClick={p.onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </Button>
        {p.editable ? (
          <Button size="sm" className="ml-2" onClick={p.onPublish} disabled={Boolean(publishBlocked)} title={publishBlocked ?? "Review the changes and publish"}>
            Publish…
          </Button>
        ) : null}
      </div>
    </div>
  );
}
