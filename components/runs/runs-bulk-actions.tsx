"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { formatInt } from "./format";
import { runsFilterInput, type RunsFilter } from "./search-params";

type Action = "cancel" | "rerun";
type Target = { action: Action; scope: "selected" | "matching" };

const VERB: Record<Action, { label: string; busy: string; done: string; what: string }> = {
  cancel: { label: "Cancel", busy: "Cancelling…", done: "Cancelled", what: "queued, running or waiting" },
  rerun: { label: "Rerun", busy: "Starting…", done: "Started reruns of", what: "finished" },
};
const runs = (n: number) => `${formatInt(n)} run${n === 1 ? "" : "s"}`;

/**
 * Bulk cancel / rerun of the selected runs or of every run matching the filter, each after a
 * confirmation that names how many runs it touches (for "matching", a bounded count from the
 * server). A rerun starts each run again from its first step on its own version.
 */
export function RunsBulkActions({ filter, selected, onDone }: { filter: RunsFilter; selected: string[]; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<Target | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const count = useQuery({
    ...trpc.runs.bulkCount.queryOptions({ action: target?.action ?? "cancel", filter: runsFilterInput(filter) }),
    enabled: target?.scope === "matching",
    staleTime: 0,
  });
  const bulk = useMutation(
    trpc.runs.bulk.mutationOptions({
      onSuccess: async (r) => {
        const verb = VERB[r.action];
        const skipped = r.skipped.length ? ` ${runs(r.skipped.length)} skipped: ${r.skipped[0]!.reason}` : "";
        const more = r.remaining ? " More runs match: run it again to continue." : "";
        setResult(`${verb.done} ${runs(r.done.length)}.${skipped}${more}`);
        setTarget(null);
        onDone();
        await queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
      },
    }),
  );
  const open = (t: Target) => {
    bulk.reset();
    setResult(null);
    setTarget(t);
  };
  const matching = count.data;
  const description = !target
    ? ""
    : target.scope === "selected"
      ? `${VERB[target.action].label} the ${runs(selected.length)} you selected? Runs that are not ${VERB[target.action].what} are skipped.`
      : matching
        ? `${matching.capped ? `More than ${runs(matching.count)}` : runs(matching.count)} matching this filter ${matching.count === 1 && !matching.capped ? "is" : "are"} ${VERB[target.action].what}.${
            matching.count > matching.max || matching.capped ? ` One confirmation acts on the newest ${formatInt(matching.max)}; repeat for the rest.` : ""
          }`
        : "Counting the runs that match this filter…";

  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-5 py-2" data-testid="runs-bulk-actions">
      <span className="text-xs text-zinc-500" data-testid="runs-selected-count">
        {selected.length ? `${runs(selected.length)} selected` : "Select runs, or act on every run matching the filter:"}
      </span>
      {selected.length ? (
        <>
          <Button size="sm" variant="secondary" onClick={() => open({ action: "cancel", scope: "selected" })}>
            Cancel selected
          </Button>
          <Button size="sm" variant="secondary" onClick={() => open({ action: "rerun", scope: "selected" })}>
            Rerun selected
          </Button>
        </>
      ) : (
        <>
          <Button size="sm" variant="ghost" onClick={() => open({ action: "cancel", scope: "matching" })}>
            Cancel all matching…
          </Button>
          <Button size="sm" variant="ghost" onClick={() => open({ action: "rerun", scope: "matching" })}>
            Rerun all matching…
          </Button>
        </>
      )}
      {result ? (
        <span role="status" className="text-xs text-zinc-700" data-testid="runs-bulk-result">
          {result}
        </span>
      ) : null}
      {target ? (
        <Dialog open onClose={() => setTarget(null)} title={`${VERB[target.action].label} ${target.scope === "selected" ? runs(selected.length) : "all matching runs"}?`} description={description}>
          {bulk.error || count.error ? (
            <p role="alert" className="mb-3 text-sm text-red-700">
              {(bulk.error ?? count.error)!.message}
            </p>
          ) : null}
          <DialogActions
            danger={target.action === "cancel"}
            cancelLabel="Keep them"
            onCancel={() => setTarget(null)}
            onConfirm={() =>
              bulk.mutate(target.scope === "selected" ? { action: target.action, runIds: selected } : { action: target.action, filter: runsFilterInput(filter) })
            }
            busy={bulk.isPending || (target.scope === "matching" && !matching?.count)}
            busyLabel={bulk.isPending ? VERB[target.action].busy : target.scope === "matching" && matching?.count === 0 ? "Nothing to do" : "Counting…"}
            label={`${VERB[target.action].label} ${target.scope === "selected" ? runs(selected.length) : runs(Math.min(matching?.count ?? 0, matching?.max ?? 0))}`}
          />
        </Dialog>
      ) : null}
    </div>
  );
}
