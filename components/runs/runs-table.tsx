"use client";

import { RunKindBadge, versionLabel } from "@/components/runs/run-kind-badge";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { RunsIcon } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDuration, formatInt, formatShortDateTime, formatUsd } from "./format";
import { runsListInput, type RunsFilter } from "./search-params";
import { isTerminal } from "./status";
import { StatusBadge } from "./status-badge";

/**
 * One page of runs (keyset: "Older runs" follows nextCursor, in the URL). With `selection`, each
 * row has a checkbox and the header one selects the page.
 */
export function RunsTable({
  filter,
  onPage,
  selection,
}: {
  filter: RunsFilter;
  onPage: (cursor: string | null) => void;
  selection?: { ids: string[]; set: (ids: string[]) => void };
}) {
  const { status } = filter;
  const scoped = Boolean(filter.process || filter.node || filter.from || filter.to || filter.trigger || filter.search || filter.minCost !== null || filter.maxCost !== null || filter.kind || filter.cursor);
  const trpc = useTRPC();
  const router = useRouter();
  const { data } = useSuspenseQuery({
    ...trpc.runs.list.queryOptions(runsListInput(filter)),
    // Keep live runs moving without a reload; stop polling once everything shown has finished.
    refetchInterval: (query) => (query.state.data?.runs.some((r) => !isTerminal(r.status)) ? 3000 : false),
  });
  const { runs, nextCursor } = data;
  const picked = new Set(selection?.ids ?? []);
  const allPicked = runs.length > 0 && runs.every((r) => picked.has(r.id));

  if (runs.length === 0) {
    return (
      <div className="flex flex-col items-center px-5 py-12 text-center" data-testid="runs-empty">
        <RunsIcon className="mb-3 size-5 text-zinc-400" />
        <p className="text-sm font-medium text-zinc-900">{scoped ? "No runs match these filters" : status ? `No ${status} runs` : "No runs yet"}</p>
        <p className="mt-1 max-w-md text-sm text-zinc-500">
          {scoped || status
            ? "Clear the filter to see runs in every status."
            : "Runs appear here as soon as a published process is triggered by the API, a webhook, a schedule or an event."}
        </p>
      </div>
    );
  }

  const pager = (
    <div className="flex items-center justify-end gap-2 px-5 py-3">
      {filter.cursor ? (
        <Button size="sm" variant="ghost" onClick={() => onPage(null)}>
          Newest runs
        </Button>
      ) : null}
      {nextCursor ? (
        <Button size="sm" variant="secondary" onClick={() => onPage(nextCursor)}>
          Older runs →
        </Button>
      ) : (
        <span className="text-xs text-zinc-400">No older runs</span>
      )}
    </div>
  );

  return (
    <>
    <Table aria-label="Runs">
      <thead>
        <tr>
          {selection ? (
            <Th className="w-8">
              <input
                type="checkbox"
                aria-label="Select every run on this page"
                checked={allPicked}
                onChange={() => selection.set(allPicked ? selection.ids.filter((id) => !runs.some((r) => r.id === id)) : [...new Set([...selection.ids, ...runs.map((r) => r.id)])])}
              />
            </Th>
          ) : null}
          <Th>Run</Th>
          <Th>Process</Th>
          <Th>Status</Th>
          <Th>Trigger</Th>
          <Th className="text-right">Cost</Th>
          <Th className="text-right">Tokens</Th>
          <Th className="text-right">Duration</Th>
          <Th>Started</Th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const href = `/runs/${run.id}`;
          return (
            <tr
              key={run.id}
              data-testid="run-row"
              data-run-id={run.id}
              className="cursor-pointer hover:bg-zinc-50"
              onClick={(e) => {
                if ((e.target as HTMLElement).closest("a, input, label")) return;
                router.push(href);
              }}
            >
              {selection ? (
                <Td className="w-8">
                  <input
                    type="checkbox"
                    aria-label={`Select ${run.id}`}
                    checked={picked.has(run.id)}
                    onChange={() => selection.set(picked.has(run.id) ? selection.ids.filter((id) => id !== run.id) : [...selection.ids, run.id])}
                  />
                </Td>
              ) : null}
              <Td>
                <Link href={href} className="font-mono text-xs font-medium text-zinc-900 hover:underline">
                  {run.id}
                </Link>
                <RunKindBadge kind={run.kind} className="ml-1.5" />
              </Td>
              <Td className="whitespace-nowrap">
                <Link href={`/processes/${run.process}`} className="text-zinc-900 hover:underline">
                  {run.process}
                </Link>
                <span className="ml-1.5 text-xs text-zinc-400">{versionLabel(run.kind, run.version)}</span>
              </Td>
              <Td>
                <StatusBadge status={run.status} />
              </Td>
              <Td className="text-zinc-500">{run.trigger}</Td>
              <Td className="text-right font-mono text-xs tabular-nums">{formatUsd(run.totals.costUsd)}</Td>
              <Td className="text-right tabular-nums">{formatInt(run.totals.tokens)}</Td>
              <Td className="text-right tabular-nums">{run.endedAt ? formatDuration(run.totals.durationMs) : <span className="text-zinc-400">—</span>}</Td>
              <Td className="whitespace-nowrap text-zinc-500" suppressHydrationWarning>
                {formatShortDateTime(run.startedAt ?? run.createdAt)}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
    {pager}
    </>
  );
}
