"use client";

import type { Diagnostic } from "@/core/validation";
import { cn } from "@/components/ui/cn";

const TONE = { error: "bg-red-500", warning: "bg-amber-400", info: "bg-sky-400" } as const;

/** Every diagnostic of the draft; clicking one selects the step or edge it concerns. */
export function Checklist({ diagnostics, onPick }: { diagnostics: readonly Diagnostic[]; onPick: (d: Diagnostic) => void }) {
  if (!diagnostics.length) {
    return (
      <p className="p-4 text-sm text-emerald-700" data-testid="checklist-clean">
        No problems: the draft can be published.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-zinc-100" data-testid="checklist">
      {diagnostics.map((d, i) => (
        <li key={`${d.code}-${d.nodeId ?? d.edgeId ?? ""}-${i}`}>
          <button type="button" className="flex w-full gap-2.5 px-4 py-2.5 text-left hover:bg-zinc-50" onClick={() => onPick(d)} data-code={d.code}>
            <span className={cn("mt-1.5 size-2 shrink-0 rounded-full", TONE[d.severity])} aria-label={d.severity} />
            <span className="min-w-0">
              <span className="block text-xs text-zinc-900">{d.message}</span>
              <span className="mt-0.5 block text-[11px] text-zinc-500">{d.hint}</span>
              {d.nodeId || d.edgeId ? <span className="mt-0.5 block font-mono text-[11px] text-sky-700">{d.nodeId ?? d.edgeId}</span> : null}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
