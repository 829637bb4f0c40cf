"use client";

import Link from "next/link";
import { useQueryStates } from "nuqs";
import { Suspense, useTransition } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { formatShortDateTime } from "./format";
import { RunsTable } from "./runs-table";
import { runsSearchParams } from "./search-params";
import { TableSkeleton } from "./skeleton";
import { RUN_STATUSES } from "./status";

/**
 * The runs table with its filters in the URL: status (a select), and the scope an analytics figure
 * links with (process, version, node, time window), shown as a removable summary.
 */
export function RunsList() {
  const [isPending, startTransition] = useTransition();
  const [filter, setFilter] = useQueryStates(runsSearchParams, { startTransition });
  const scope = [
    filter.process ? `process ${filter.process}${filter.version ? ` v${filter.version}` : ""}` : null,
    filter.node ? `node ${filter.node}` : null,
    filter.from ? `from ${formatShortDateTime(filter.from)}` : null,
    filter.to ? `to ${formatShortDateTime(filter.to)}` : null,
  ].filter(Boolean);
  return (
    <Card
      title="Recent runs"
      description={
        scope.length ? (
          <span data-testid="runs-scope">
            Showing runs of {scope.join(", ")}.{" "}
            <Link href="/runs" className="text-zinc-900 underline">
              Clear filters
            </Link>
          </span>
        ) : (
          "Newest first. Open a run to see what each step did and what it cost."
        )
      }
      actions={
        <div className="flex items-center gap-2">
          <label htmlFor="run-status-filter" className="text-xs font-medium text-zinc-500">
            Status
          </label>
          <Select
            id="run-status-filter"
            className="h-8 w-36"
            value={filter.status ?? ""}
            onChange={(e) => void setFilter({ status: RUN_STATUSES.find((s) => s === e.target.value) ?? null })}
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
          <RunsTable filter={filter} />
        </Suspense>
      </div>
    </Card>
  );
}
