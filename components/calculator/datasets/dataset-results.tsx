"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { formatMoney, formatPercent } from "@/components/analytics/format";
import { useTRPC } from "@/components/trpc/client";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { DatasetRunView } from "@/server/datasets/datasets.schema";

type Field = DatasetRunView["results"]["nodes"][number]["fields"][number];

function Spread({ f }: { f: Field }) {
  const label = f.field ? `${f.field}: ` : "";
  if (f.kind === "numbers") return <span>{label}min {round(f.min)} · median {round(f.median)} · max {round(f.max)}</span>;
  if (f.kind === "text") return <span>{label}{f.distinct} distinct of {f.count}</span>;
  return (
    <span>
      {label}
      {Object.entries(f.counts)
        .map(([v, n]) => `${v} ${formatPercent(n / f.count, 0)}`)
        .join(" · ")}
    </span>
  );
}
const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Number(n.toPrecision(3)).toString());
const counts = (c: Record<string, number> | undefined) =>
  c && Object.keys(c).length ? Object.entries(c).map(([k, n]) => `${k} ×${n}`).join(" · ") : null;

/** One dataset run: progress and spend against the cap, then per node reach, failures, output spread and path taken. */
export function DatasetResults({ id, slug }: { id: string; slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: run } = useQuery({
    ...trpc.datasets.run.queryOptions({ id }),
    // Follow a running dataset run until it stops.
    refetchInterval: (q) => (q.state.data?.status === "running" ? 1500 : false),
  });
  const cancel = useMutation(trpc.datasets.cancel.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.datasets.run.queryKey({ id }) }) }));
  if (!run) return <p className="text-sm text-zinc-500">Loading {id}…</p>;
  const r = run.results;
  const version = run.target === "draft" ? "draft" : run.target.slice(1);
  return (
    <Card
      title={`Results of ${run.id}`}
      description={`${run.datasetName} on ${run.target}, ${run.repetitions}× each, ${run.provider === "simulator" ? "simulator" : "configured providers"}: ${run.launched} of ${run.total} launched, ${r.finished} finished; ${formatMoney(run.spentUsd)} of the ${formatMoney(run.spendCapUsd)} cap.`}
      actions={
        <div className="flex gap-2">
          {run.status === "running" ? (
            <Button size="sm" variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate({ id })}>
              Cancel
            </Button>
          ) : null}
          <Link href={`/calculator?process=${slug}&version=${version}&dataset=${run.id}`} className={buttonClasses({ size: "sm" })} data-testid="ds-use-in-projection">
            Use in projection
          </Link>
        </div>
      }
    >
      <div className="space-y-3 px-5 py-4 text-sm">
        <p data-testid="ds-status">
          Status: <strong>{run.status}</strong>
          {run.stopReason ? <span className="text-amber-800"> — {run.stopReason}</span> : null}
        </p>
        <p data-testid="ds-cost">
          Cost per run: p10 {r.cost.p10 === null ? "—" : formatMoney(r.cost.p10)} · p50 {r.cost.p50 === null ? "—" : formatMoney(r.cost.p50)} · p90 {r.cost.p90 === null ? "—" : formatMoney(r.cost.p90)} · total {formatMoney(r.cost.total)}
        </p>
        {r.failures.length ? (
          <ul className="list-disc pl-5 text-red-700" data-testid="ds-failures">
            {r.failures.map((f, i) => (
              <li key={i}>
                {f.runs} run{f.runs === 1 ? "" : "s"} failed{f.nodeId ? ` at ${f.nodeId}` : ""}: {f.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <Table aria-label="Dataset results per node">
        <thead>
          <tr>
            <Th>Node</Th>
            <Th className="text-right">Reached</Th>
            <Th className="text-right">Failed</Th>
            <Th className="text-right">Cost p50</Th>
            <Th>Output spread / path taken</Th>
          </tr>
        </thead>
        <tbody>
          {r.nodes.map((n) => (
            <tr key={n.nodeId} data-testid="ds-node-row" data-node={n.nodeId}>
              <Td>
                <span className="font-medium">{n.name}</span> <span className="font-mono text-xs text-zinc-400">{n.nodeId}</span>
              </Td>
              <Td className="text-right tabular-nums">
                {n.reached} ({formatPercent(n.reach, 0)})
              </Td>
              <Td className="text-right tabular-nums">{n.failed}</Td>
              <Td className="text-right font-mono text-xs tabular-nums">{n.costP50 === null ? "—" : formatMoney(n.costP50)}</Td>
              <Td className="text-xs">
                {counts(n.branches) ? <div>Branches: {counts(n.branches)}</div> : null}
                {counts(n.decisions) ? <div>Decisions: {counts(n.decisions)}</div> : null}
                {n.fields.map((f) => (
                  <div key={f.field} data-testid="ds-spread">
                    <Spread f={f} />
                  </div>
                ))}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
