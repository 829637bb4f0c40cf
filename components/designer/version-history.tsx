"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ProcessGraph } from "@/core/graph";
import { ProcessCanvas } from "@/components/graph";
import { useTRPC } from "@/components/trpc/client";
import type { ProcessDetail } from "@/server/processes/processes.schema";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/components/runs/format";
import { diffGraphs } from "./graph-diff";

/**
 * Version history: any published version read-only on the same canvas, and "Restore into draft"
 * (a rollback that is one undoable change; publishing it makes a new version).
 */
export function VersionHistory({ process, draft, canEdit, onRestore, onClose }: { process: ProcessDetail; draft: ProcessGraph; canEdit: boolean; onRestore: (g: ProcessGraph) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const [version, setVersion] = useState(process.versions[0]?.version ?? null);
  const { data, isPending, error } = useQuery({ ...trpc.processes.version.queryOptions({ slug: process.slug, version: version ?? 0 }), enabled: version !== null });
  const graph = useMemo(() => {
    const p = ProcessGraph.safeParse(data?.graph);
    return p.success ? p.data : null;
  }, [data]);
  const diff = graph ? diffGraphs(graph, draft) : null;

  return (
    <div className="fixed inset-0 z-40 flex bg-zinc-950/40" role="dialog" aria-label="Version history" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="m-6 flex min-w-0 flex-1 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-2xl">
        <aside className="w-60 shrink-0 overflow-y-auto border-r border-zinc-200">
          <p className="px-4 pt-4 pb-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-400">Published versions</p>
          {process.versions.length === 0 ? <p className="px-4 text-sm text-zinc-500">Nothing published yet.</p> : null}
          <ul>
            {process.versions.map((v) => (
              <li key={v.version}>
                <button type="button" data-testid="history-version" className={cn("w-full px-4 py-2 text-left text-sm", v.version === version ? "bg-zinc-100 font-medium" : "hover:bg-zinc-50")} onClick={() => setVersion(v.version)}>
                  v{v.version}
                  <span className="block text-xs font-normal text-zinc-500" suppressHydrationWarning>
                    {formatDateTime(v.createdAt)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="flex h-12 shrink-0 items-center gap-3 border-b border-zinc-200 px-4">
            <p className="text-sm font-medium text-zinc-900">{version ? `v${version} (read-only)` : "History"}</p>
            {diff ? <p className="text-xs text-zinc-500">{diff.empty ? "Same as the draft." : `Draft differs: ${diff.nodes.added.length} added, ${diff.nodes.removed.length} removed, ${diff.nodes.changed.length} changed steps.`}</p> : null}
            <div className="ml-auto flex gap-2">
              {canEdit && graph ? (
                <Button size="sm" variant="secondary" onClick={() => onRestore({ ...graph, slug: draft.slug, version: undefined })}>
                  Restore into draft
                </Button>
              ) : null}
              <Button size="sm" variant="ghost" onClick={onClose}>
                Close
              </Button>
            </div>
          </div>
          <div className="relative min-h-0 flex-1">
            {error ? <p className="p-4 text-sm text-red-700">{error.message}</p> : null}
            {isPending && version !== null ? <p className="p-4 text-sm text-zinc-500">Loading v{version}…</p> : null}
            {graph ? <ProcessCanvas key={version} graph={graph} mode="view" isolated /> : null}
          </div>
        </div>
      </div>
    </div>
  );
}
