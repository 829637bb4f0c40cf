"use client";

import Link from "next/link";
import { useQueryStates } from "nuqs";
import { Suspense, useState, useTransition } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { formatShortDateTime, formatUsd } from "./format";
import { canRun } from "./input-schema";
import { RunsBulkActions } from "./runs-bulk-actions";
import { RunsFilters } from "./runs-filters";
import { RunsTable } from "./runs-table";
import { runsSearchParams } from "./search-params";
import { TableSkeleton } from "./skeleton";
import { RUN_STATUSES } from "./status";

/**
 * The runs table with its filters and page cursor in the URL: status (a select), the filter form
 * (search, process, trigger, day range, cost range) and the scope an analytics figure links with
 * (process, version, node, time window), shown as a removable summary. Operators and admins get
 * selection checkboxes and bulk cancel / rerun.
 */
export function RunsList({ userRole }: { userRole: string }) {
  const [isPending, startTransition] = useTransition();
  const [filter, setFilter] = useQueryStates(runsSearchParams, { startTransition });
  const [selected, setSelected] = useState<string[]>([]);
  const bulk = canRun(userRole);
  // A new filter starts from the newest page with nothing selected; paging keeps the selection.
  const applyFilter = (next: Partial<typeof filter>) => {
    setSelected([]);
    void setFilter({ ...next, cursor: null });
  };
  const scope = [
    filter.search ? `search "${filter.search}"` : null,
    filter.process ? `process ${filter.process}${filter.version ? ` v${filter.version}` : ""}` : null,
    filter.node ? `node ${filter.node}` : null,
    filter.trigger ? `trigger ${filter.trigger}` : null,
    filter.kind === "test" ? "test runs only" : filter.kind === "all" ? "real and test runs" : null,
    filter.from ? `from ${formatShortDateTime(filter.from)}` : null,
    filter.to ? `to ${formatShortDateTime(filter.to)}` : null,
    filter.minCost !== null ? `cost ≥ ${formatUsd(filter.minCost)}` : null,
    filter.maxCost !== null ? `cost ≤ ${formatUsd(filter.maxCost)}` : null,
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
            onChange={(e) => applyFilter({ status: RUN_STATUSES.find((s) => s === e.target.value) ?? null })}
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
      <RunsFilters filter={filter} onApply={applyFilter} />
      {bulk ? <RunsBulkActions filter={filter} selected={selected} onDone={() => setSelected([])} /> : null}
      <div aria-busy={isPending} className={cn("transition-opacity", isPending && "opacity-50")}>
        <Suspense fallback={<TableSkeleton />}>
          <RunsTable filter={filter} onPage={(cursor) => void setFilter({ cursor })} selection={bulk ? { ids: selected, set: setSelected } : undefined} />
        </Suspense>
      </div>
    </Card>
  );
}
