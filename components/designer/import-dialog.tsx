"use client";

import { useMemo, useState } from "react";
import type { ProcessGraph } from "@/core/graph";
import { validateGraph, type ValidationContext } from "@/core/validation";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Checklist } from "./checklist";
import { graphFromImport } from "./import-graph";

/**
 * "Import" inside the designer: pick a JSON file, see its checks, then replace the draft with it
 * (one undoable change, autosaved like any edit). Nothing changes before "Replace draft".
 */
export function ImportDialog({ slug, ctx, onReplace, onClose }: { slug: string; ctx: ValidationContext; onReplace: (g: ProcessGraph) => void; onClose: () => void }) {
  const [file, setFile] = useState<{ name: string; result: ReturnType<typeof graphFromImport> } | null>(null);
  const graph = file && "graph" in file.result ? file.result.graph : null;
  const diagnostics = useMemo(() => (graph ? validateGraph(graph, ctx) : []), [graph, ctx]);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return (
    <Dialog open onClose={onClose} size="lg" title="Import a graph" description="Replaces this draft with a graph exported from Baton. It is checked first; Undo brings the current draft back.">
      <div className="space-y-4">
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Graph file"
          data-testid="designer-import-file"
          className="block text-sm"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) setFile({ name: f.name, result: graphFromImport(await f.text(), { slug }) });
          }}
        />
        {file && "error" in file.result ? <Alert tone="error">{file.result.error}</Alert> : null}
        {graph ? (
          <>
            <p className="text-sm text-zinc-600" data-testid="import-summary">
              {file!.name}: {graph.nodes.length} steps, {graph.edges.length} edges, {errors ? `${errors} error(s)` : "no errors"}
              {"renamedFrom" in file!.result && file!.result.renamedFrom ? ` · saved under "${slug}" (the file says "${file!.result.renamedFrom}")` : ""}.
            </p>
            <div className="max-h-64 overflow-y-auto rounded-md border border-zinc-200">
              <Checklist diagnostics={diagnostics} onPick={() => {}} />
            </div>
          </>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!graph} onClick={() => graph && onReplace(graph)}>
            Replace draft
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
