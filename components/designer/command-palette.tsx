"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";

export interface Command {
  id: string;
  label: string;
  hint?: string;
  run: () => void;
}

/** Cmd/Ctrl+K: type to filter steps to add and actions to run; Enter runs the first match. */
export function CommandPalette({ commands, onClose }: { commands: Command[]; onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const q = query.toLowerCase();
  const matches = commands.filter((c) => c.label.toLowerCase().includes(q) || c.hint?.toLowerCase().includes(q)).slice(0, 14);
  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-zinc-950/30 pt-[14vh]" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-label="Command palette" className="w-full max-w-lg overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-2xl">
        <input
          autoFocus
          aria-label="Search steps and actions"
          placeholder="Add a step or run an action…"
          className="w-full border-b border-zinc-100 px-4 py-3 text-sm outline-none"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
            else if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, matches.length - 1));
            else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
            else if (e.key === "Enter") run(matches[active]);
            else return;
            e.preventDefault();
          }}
        />
        <ul className="max-h-80 overflow-y-auto py-1">
          {matches.map((c, i) => (
            <li key={c.id}>
              <button type="button" className={cn("flex w-full items-center justify-between px-4 py-2 text-left text-sm", i === active ? "bg-zinc-100" : "hover:bg-zinc-50")} onMouseEnter={() => setActive(i)} onClick={() => run(c)}>
                <span className="text-zinc-900">{c.label}</span>
                {c.hint ? <span className="text-xs text-zinc-400">{c.hint}</span> : null}
              </button>
            </li>
          ))}
          {!matches.length ? <li className="px-4 py-3 text-sm text-zinc-500">Nothing matches “{query}”.</li> : null}
        </ul>
      </div>
    </div>
  );
}
