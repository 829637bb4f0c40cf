"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { RunView } from "@/server/runs/runs.schema";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { canRun } from "./input-schema";
import { RerunDialog, type RerunGraph } from "./rerun-dialog";
import { isTerminal } from "./status";

/**
 * Cancel a live run (after a confirmation); rerun a finished one from a chosen step, as it was
 * or with an edited input (earlier steps are reused, not re-executed). Only operators and admins
 * see them; the server checks the role again and says why when it refuses.
 */
export function RunActions({ run, view, userRole }: { run: RunView; view: RerunGraph; userRole: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  // Nodes in the order they first ran; a rerun starts at one of them.
  const nodes = [...new Set(run.steps.map((s) => s.nodeId))];
  const [picked, setFromNodeId] = useState("");
  // Derived, not initialised once: a page opened while the run was queued had no steps to pick from yet.
  const fromNodeId = nodes.includes(picked) ? picked : (nodes[0] ?? "");
  const [dialog, setDialog] = useState<"cancel" | "edit" | null>(null);
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId: run.id }) });
        setDialog(null);
      },
    }),
  );
  const rerun = useMutation(trpc.runs.rerun.mutationOptions({ onSuccess: (r) => router.push(`/runs/${r.runId}`) }));
  if (!canRun(userRole)) return null;
  // A test run ran a draft that no published function serves: the designer starts another instead.
  if (run.kind === "test" && isTerminal(run.status)) return null;
  const error = rerun.error;

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        {!isTerminal(run.status) ? (
          <Button variant="secondary" size="sm" onClick={() => setDialog("cancel")}>
            Cancel run
          </Button>
        ) : nodes.length > 0 ? (
          <>
            <label className="text-xs text-zinc-500" htmlFor="rerun-from">
              Rerun from
            </label>
            <select
              id="rerun-from"
              value={fromNodeId}
              onChange={(e) => setFromNodeId(e.target.value)}
              className="h-7 rounded-md border border-zinc-200 bg-white px-2 font-mono text-xs"
            >
              {nodes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <Button variant="secondary" size="sm" disabled={rerun.isPending || !fromNodeId} onClick={() => rerun.mutate({ runId: run.id, fromNodeId })}>
              {rerun.isPending ? "Starting…" : "Rerun"}
            </Button>
            <Button variant="secondary" size="sm" disabled={!fromNodeId} onClick={() => setDialog("edit")}>
              Edit input &amp; rerun…
            </Button>
          </>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error.message}
        </p>
      ) : null}
      {dialog === "edit" ? <RerunDialog run={run} view={view} initialNodeId={fromNodeId} onClose={() => setDialog(null)} /> : null}
      {dialog === "cancel" ? (
        <Dialog open onClose={() => setDialog(null)} title="Cancel this run?" description="Steps that have not finished stop and any open escalation is closed. The run cannot be resumed; you can rerun it from a step afterwards.">
          {cancel.error ? (
            <p role="alert" className="mb-3 text-sm text-red-700">
              {cancel.error.message}
            </p>
          ) : null}
          <DialogActions danger cancelLabel="Keep running" onCancel={() => setDialog(null)} onConfirm={() => cancel.mutate({ runId: run.id })} busy={cancel.isPending} busyLabel="Cancelling…" label="Cancel run" />
        </Dialog>
      ) : null}
    </div>
  );
}
