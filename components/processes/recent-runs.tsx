"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDuration, formatShortDateTime, formatUsd } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";
import { RECENT_RUNS_LIMIT, recentRunsInput } from "./recent-runs-input";

export function RecentRuns({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const { runs } = useSuspenseQuery(trpc.runs.list.queryOptions(recentRunsInput(slug))).data;
  return (
    <Card title="Recent runs" description={`The last ${RECENT_RUNS_LIMIT} runs of this process, newest first.`}>
      {runs.length === 0 ? (
        <p className="p-5 text-sm text-zinc-500">No runs yet. Start one with Run above, POST /api/v1/processes/{slug}/runs or the webhook.</p>
      ) : (
        <Table aria-label="Recent runs">
          <thead>
            <tr>
              <Th>Run</Th>
              <Th>Version</Th>
              <Th>Status</Th>
              <Th className="text-right">Cost</Th>
              <Th className="text-right">Duration</Th>
              <Th>Started</Th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <Td>
                  <Link href={`/runs/${r.id}`} className="font-mono text-xs font-medium text-zinc-900 hover:underline">
                    {r.id}
                  </Link>
                </Td>
                <Td>v{r.version}</Td>
                <Td>
                  <StatusBadge status={r.status} />
                </Td>
                <Td className="text-right font-mono text-xs tabular-nums">{formatUsd(r.totals.costUsd)}</Td>
                <Td className="text-right tabular-nums">{r.endedAt ? formatDuration(r.totals.durationMs) : <span className="text-zinc-400">—</span>}</Td>
                <Td className="whitespace-nowrap text-zinc-500" suppressHydrationWarning>
                  {formatShortDateTime(r.startedAt ?? r.createdAt)}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
