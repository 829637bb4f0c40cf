"use client";

import { NodeResizer, type NodeProps } from "@xyflow/react";
import { createContext, memo, useContext, useState } from "react";
import type { StickyNote } from "@/core/graph";
import { cn } from "@/components/ui/cn";
import type { NoteFlowNode } from "./flow";
import { noteIdOf } from "./notes";

/**
 * A sticky note: text for people, drawn under the steps. Double-click to write (edit mode only);
 * the text is saved as you type (one undo step per burst). Edits go through a context, not
 * `node.data` (no callbacks in node data), and the canvas keeps that context stable.
 */
export const NoteActionsContext = createContext<{ onText?: (id: string, text: string) => void }>({});

const TONE: Record<NonNullable<StickyNote["color"]>, string> = {
  yellow: "bg-amber-50 border-amber-200",
  blue: "bg-sky-50 border-sky-200",
  green: "bg-emerald-50 border-emerald-200",
  pink: "bg-pink-50 border-pink-200",
};

function NoteCard({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const { onText } = useContext(NoteActionsContext);
  const { note } = data;
  const [editing, setEditing] = useState(false);
  const noteId = noteIdOf(id)!;
  return (
    <div
      className={cn("h-full w-full rounded-md border p-2.5 text-xs leading-5 text-zinc-800 shadow-sm", TONE[note.color ?? "yellow"], selected && "ring-2 ring-sky-500")}
      data-testid="sticky-note"
      data-note-id={noteId}
      onDoubleClick={() => onText && setEditing(true)}
    >
      {onText ? <NodeResizer isVisible={selected && !editing} minWidth={80} minHeight={40} lineClassName="!border-sky-400" handleClassName="!size-2 !bg-sky-500" /> : null}
      {editing && onText ? (
        <textarea
          aria-label="Note text"
          autoFocus
          className="nodrag nowheel nopan h-full w-full resize-none bg-transparent outline-none"
          value={note.text}
          onChange={(e) => onText(noteId, e.target.value)}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setEditing(false);
          }}
        />
      ) : (
        <p className={cn("baton-node-detail h-full overflow-hidden break-words whitespace-pre-wrap", !note.text && "text-zinc-400 italic")} title={onText ? "Double-click to edit" : undefined}>
          {note.text || (onText ? "Double-click to write a note" : "")}
        </p>
      )}
    </div>
  );
}

export const NoteNode = memo(NoteCard);
NoteNode.displayName = "StickyNoteNode";
