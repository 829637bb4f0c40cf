"use client";

import { useQueryState } from "nuqs";
import { Suspense, useCallback, useState, useTransition } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { TableSkeleton } from "@/components/runs/skeleton";
import { EscalationsTable } from "./escalations-table";
import { KeyboardHelp } from "./keyboard-help";
import { inboxSearchParams, INBOX_ASSIGNEES, INBOX_SCOPES } from "./search-params";
import { ESCALATION_STATUSES } from "./status";

const LABEL: Record<(typeof ESCALATION_STATUSES)[number], string> = {
  open: "Open",
  resolved: "Resolved",
  timed_out: "Timed out",
  cancelled: "Cancelled",
};
const SCOPE_LABEL: Record<(typeof INBOX_SCOPES)[number], string> = { mine: "Mine to decide", all: "All roles" };
const ASSIGNEE_LABEL: Record<(typeof INBOX_ASSIGNEES)[number], string> = { anyone: "Anyone", me: "Assigned to me", none: "Unassigned" };

/** The escalations table with its filters (`?status=`, default open; `?scope=`, default mine). */
export function EscalationsList() {
  const [isPending, startTransition] = useTransition();
  const [status, setStatus] = useQueryState("status", inboxSearchParams.status.withOptions({ startTransition }));
  const [scope, setScope] = useQueryState("scope", inboxSearchParams.scope.withOptions({ startTransition }));
  const [assignee, setAssignee] = useQueryState("assignee", inboxSearchParams.assignee.withOptions({ startTransition }));
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  return (
    <Card
      title="Escalations"
      description={
        <>
          Due soonest first; no deadline last. Keys: <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> move, <kbd className="font-mono">Enter</kbd> opens, <kbd className="font-mono">x</kbd> selects,{" "}
          <button type="button" className="font-medium underline decoration-dotted" onClick={openHelp}>
            ? for all
          </button>
          .
        </>
      }
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="escalation-scope-filter" className="text-xs font-medium text-zinc-500">
            Show
          </label>
          <Select id="escalation-scope-filter" className="h-8 w-40" value={scope} onChange={(e) => void setScope(e.target.value === "all" ? "all" : null)}>
            {INBOX_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABEL[s]}
              </option>
            ))}
          </Select>
          <label htmlFor="escalation-assignee-filter" className="text-xs font-medium text-zinc-500">
            Held by
          </label>
          <Select
            id="escalation-assignee-filter"
            className="h-8 w-40"
            value={assignee}
            onChange={(e) => void setAssignee(INBOX_ASSIGNEES.find((a) => a === e.target.value && a !== "anyone") ?? null)}
          >
            {INBOX_ASSIGNEES.map((a) => (
              <option key={a} value={a}>
                {ASSIGNEE_LABEL[a]}
              </option>
            ))}
          </Select>
          <label htmlFor="escalation-status-filter" className="text-xs font-medium text-zinc-500">
            Status
          </label>
          <Select
            id="escalation-status-filter"
            className="h-8 w-36"
            value={status}
            onChange={(e) => {
              const next = ESCALATION_STATUSES.find((s) => s === e.target.value) ?? "open";
              // The default (open) keeps a clean URL.
              void setStatus(next === "open" ? null : next);
            }}
          >
            {ESCALATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {LABEL[s]}
              </option>
            ))}
          </Select>
        </div>
      }
    >
      <div aria-busy={isPending} className={cn("transition-opacity", isPending && "opacity-50")}>
        <Suspense fallback={<TableSkeleton />}>
          <EscalationsTable status={status} scope={scope} assignee={assignee} onHelp={openHelp} />
        </Suspense>
      </div>
      <KeyboardHelp open={help} onClose={() => setHelp(false)} />
    </Card>
  );
}
