"use client";

import { useQueryState } from "nuqs";
import { Suspense, useTransition } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { RunsTable } from "./runs-table";
import { runsSearchParams } from "./search-params";
import { TableSkeleton } from "./skeleton";
import { RUN_STATUSES } from "./status";

/** The runs table with its status filter (`?status=`); the old rows stay, dimmed, while the new ones load. */
export function RunsList() {
  const [isPending, startTransition] = useTransition();
  const [status, setStatus] = useQueryState("status", runsSearchParams.status.withOptions({ startTransition }));
  return (
    <Card
      title="Recent runs"
      description="Newest first. Open a run to see what each step did and what it cost."
      actions={
        <div className="flex items-center gap-2">
          <label htmlFor="run-status-filter" className="text-xs font-medium text-zinc-500">
            Status
          </label>
          <Select
            id="run-status-filter"
            className="h-8 w-36"
            value={status ?? ""}
            onChange={(e) => void setStatus(RUN_STATUSES.find((s) => s === e.target.value) ?? null)}
          >
            <option value="">All statuses</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </div>
      }
    >
      <div aria-busy={isPending} className={cn("transition-opacity", isPending && "opacity-50")}>
        <Suspense fallback={<TableSkeleton />}>
          <RunsTable status={status} />
        </Suspense>
      </div>
    </Card>
  );
}
