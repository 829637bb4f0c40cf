"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { EscalationView } from "@/server/escalations/escalations.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { DateTimeText } from "@/components/ui/detail";
import { ignoresShortcut } from "./triage";

/**
 * Who works this escalation: claim it (lapses after the server's claim TTL), release it, take it
 * over from someone else (recorded), or, for admins and operators, assign it to a person.
 */
export function ClaimPanel({ escalation, userId, userRole }: { escalation: EscalationView; userId: string; userRole: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [assignee, setAssignee] = useState("");
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() });
  const claim = useMutation(trpc.escalations.claim.mutationOptions({ onSuccess }));
  const release = useMutation(trpc.escalations.release.mutationOptions({ onSuccess }));
  const takeOver = useMutation(trpc.escalations.takeOver.mutationOptions({ onSuccess }));
  const assign = useMutation(trpc.escalations.assign.mutationOptions({ onSuccess: () => (setAssignee(""), onSuccess()) }));
  const all = [claim, release, takeOver, assign];
  const busy = all.some((m) => m.isPending);
  const error = all.find((m) => m.error)?.error;
  const run = (m: (typeof all)[number], fn: () => void) => {
    for (const other of all) if (other !== m) other.reset();
    fn();
  };
  const mine = escalation.claimedByUserId === userId;
  const held = escalation.claimedBy !== null;
  const canAssign = userRole === "admin" || userRole === "operator";
  // c: claim it; release it when you hold it; take it over (recorded) when someone else does.
  const onClaimKey = () => {
    if (busy) return;
    if (!held) run(claim, () => claim.mutate({ id: escalation.id }));
    else if (mine) run(release, () => release.mutate({ id: escalation.id }));
    else run(takeOver, () => takeOver.mutate({ id: escalation.id }));
  };
  useClaimKey(onClaimKey);

  return (
    <Card title="Who works it">
      <div className="space-y-3 p-5" data-testid="claim-panel">
        <p className="text-sm text-zinc-700" data-testid="claim-holder">
          {!held ? (
            "Nobody has claimed it yet."
          ) : mine ? (
            <>
              You hold it
              {escalation.claimExpiresAt ? (
                <>
                  {" "}
                  until <DateTimeText value={escalation.claimExpiresAt} />
                </>
              ) : (
                " (assigned)"
              )}
              .
            </>
          ) : (
            <>
              <span className="font-medium break-all">{escalation.claimedBy}</span> holds it
              {escalation.claimExpiresAt ? (
                <>
                  {" "}
                  until <DateTimeText value={escalation.claimExpiresAt} />
                </>
              ) : (
                " (assigned)"
              )}
              . Take it over to decide it yourself; the take-over is recorded.
            </>
          )}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          {!held || mine ? (
            <Button size="sm" variant="secondary" disabled={busy} onClick={() => run(claim, () => claim.mutate({ id: escalation.id }))} data-testid="claim-button">
              {mine ? "Extend claim" : "Claim"}
            </Button>
          ) : (
            <Button size="sm" variant="secondary" disabled={busy} onClick={() => run(takeOver, () => takeOver.mutate({ id: escalation.id }))} data-testid="take-over-button">
              Take over
            </Button>
          )}
          {held && (mine || canAssign) ? (
            <Button size="sm" variant="secondary" disabled={busy} onClick={() => run(release, () => release.mutate({ id: escalation.id }))} data-testid="release-button">
              Release
            </Button>
          ) : null}
          {canAssign ? (
            <form
              className="flex items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                run(assign, () => assign.mutate({ id: escalation.id, assignee: assignee.trim() || null }));
              }}
            >
              <label htmlFor="assign-to" className="text-xs font-medium text-zinc-500">
                Assign to
              </label>
              <Input id="assign-to" className="h-8 w-56" placeholder="email (empty to unassign)" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
              <Button size="sm" variant="secondary" type="submit" disabled={busy}>
                Assign
              </Button>
            </form>
          ) : null}
        </div>
        {error ? (
          <Alert tone="error" className="break-words">
            {error.message}
          </Alert>
        ) : null}
      </div>
    </Card>
  );
}

/** The `c` key, ignored while typing, with a dialog open, or with a modifier held. */
function useClaimKey(onKey: () => void) {
  useEffect(() => {
    const handler = (e: KeyboardEvent) => {
      if (e.key !== "c" || ignoresShortcut(e)) return;
      e.preventDefault();
      onKey();
    };
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, [onKey]);
}
