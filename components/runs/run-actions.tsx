"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { RunView } from "@/server/runs/runs.schema";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { isTerminal } from "./status";

/**
 * Cancel a live run; rerun a finished one from a chosen step (earlier steps are reused, not
 * re-executed). The server checks the role and says why when it refuses.
 */
export function RunActions({ run }: { run: RunView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  // Nodes in the order they first ran; a rerun starts at one of them.
  const nodes = [...new Set(run.steps.map((s) => s.nodeId))];
  const [fromNodeId, setFromNodeId] = useState(nodes[0] ?? "");
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId: run.id }) }),
    }),
  );
  const rerun = useMutation(
    trpc.runs.rerun.mutationOptions({
      onSuccess: (r) => router.push(`/runs/${r.runId}`),
    }),
  );
  const error = cancel.error ?? rerun.error;

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        {!isTerminal(run.status) ? (
          <Button variant="secondary" size="sm" disabled={cancel.isPending} onClick={() => cancel.mutate({ runId: run.id })}>
            {cancel.isPending ? "Cancelling…" : "Cancel run"}
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
          </>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
