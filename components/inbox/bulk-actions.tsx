"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { InboxItem } from "@/server/escalations/inbox.schema";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Alert } from "@/components/ui/alert";
import { ignoresShortcut } from "./triage";

type BulkDecision = "approve" | "reject";

/** Items a bulk decision may go to: open, yours to decide, not held by someone else, allowing it. */
export function allowsBulk(item: InboxItem, decision: BulkDecision): boolean {
  return item.status === "open" && item.canDecide && !item.heldByOther && item.allowedDecisions.some((d) => d.id === decision);
}

/**
 * Approve / reject the selected items after a confirmation; each is decided on its own and the
 * dialog lists what happened to each (one refused item does not stop the others).
 */
export function BulkActions({ selected, onDone }: { selected: InboxItem[]; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<BulkDecision | null>(null);
  const bulk = useMutation(
    trpc.escalations.bulkResolve.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() })]),
    }),
  );
  // Shift+A / Shift+R open the confirmation for the selection (x selects rows in the list).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (ignoresShortcut(e)) return;
      const wanted: BulkDecision | null = e.key === "A" ? "approve" : e.key === "R" ? "reject" : null;
      if (!wanted || !selected.some((i) => allowsBulk(i, wanted))) return;
      e.preventDefault();
      setDecision(wanted);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected]);
  const targets = decision ? selected.filter((i) => allowsBulk(i, decision)) : [];
  const close = () => {
    if (bulk.isSuccess) onDone();
    bulk.reset();
    setDecision(null);
  };
  // Decided items leave the open list (and the selection) at once; the dialog stays for their results.
  if (selected.length === 0 && decision === null) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-5 py-2 text-sm" data-testid="bulk-bar">
      <span className="text-zinc-700">{selected.length} selected</span>
      <Button size="sm" disabled={!selected.some((i) => allowsBulk(i, "approve"))} onClick={() => setDecision("approve")} data-testid="bulk-approve">
        Approve selected
      </Button>
      <Button size="sm" variant="danger" disabled={!selected.some((i) => allowsBulk(i, "reject"))} onClick={() => setDecision("reject")} data-testid="bulk-reject">
        Reject selected
      </Button>
      <Dialog open={decision !== null} onClose={close} title={decision === "approve" ? "Approve selected escalations?" : "Reject selected escalations?"}>
        {bulk.data ? (
          <div className="space-y-3">
            <ul className="max-h-72 space-y-1 overflow-auto text-sm" data-testid="bulk-results">
              {bulk.data.results.map((r) => (
                <li key={r.id} data-testid="bulk-result" data-ok={r.ok} className="break-words">
                  <span className="font-mono text-xs">{r.id}</span>: {r.ok ? <span className="text-green-700">done</span> : <span className="text-red-700">{r.error}</span>}
                </li>
              ))}
            </ul>
            <div className="flex justify-end">
              <Button onClick={close} autoFocus>
                Close
              </Button>
            </div>
          </div>
        ) : (
          <div className="space-y-3">
            <p className="text-sm text-zinc-700">
              {targets.length} of {selected.length} selected allow it and will be {decision === "approve" ? "approved" : "rejected"} as proposed; their runs continue at once. The others are left as they are.
            </p>
            {bulk.error ? <Alert>{bulk.error.message}</Alert> : null}
            <DialogActions
              onCancel={close}
              onConfirm={() => (targets.length ? bulk.mutate({ ids: targets.map((t) => t.id), decision: decision! }) : close())}
              busy={bulk.isPending}
              label={decision === "approve" ? `Approve ${targets.length}` : `Reject ${targets.length}`}
              busyLabel="Deciding…"
              danger={decision === "reject"}
              focusConfirm
            />
          </div>
        )}
      </Dialog>
    </div>
  );
}
