"use client";

import { useQueryState } from "nuqs";
import { Suspense, useTransition } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { TableSkeleton } from "@/components/runs/skeleton";
import { EscalationsTable } from "./escalations-table";
import { inboxSearchParams } from "./search-params";
import { ESCALATION_STATUSES } from "./status";

const LABEL: Record<(typeof ESCALATION_STATUSES)[number], string> = {
  open: "Open",
  resolved: "Resolved",
  timed_out: "Timed out",
  cancelled: "Cancelled",
};

/** The escalations table with its status filter (`?status=`, default open). */
export function EscalationsList() {
  const [isPending, startTransition] = useTransition();
  const [status, setStatus] = useQueryState("status", inboxSearchParams.status.withOptions({ startTransition }));
  return (
    <Card
      title="Escalations"
      description="Oldest first: the ones closest to their deadline come first."
      actions={
        <div className="flex items-center gap-2">
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
          <EscalationsTable status={status} />
        </Suspense>
      </div>
    </Card>
  );
}
