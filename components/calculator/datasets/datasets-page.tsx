"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { parseAsString, useQueryState } from "nuqs";
import { formatMoney } from "@/components/analytics/format";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { DatasetLaunch } from "./dataset-launch";
import { DatasetResults } from "./dataset-results";
import { DatasetUpload } from "./dataset-upload";

/**
 * /calculator/{slug}/datasets: run a version or the draft over a dataset of inputs, N times each,
 * behind a spend cap, and see per node the spread of output, the path taken and the cost. Dataset
 * runs never enter analytics; "Use in projection" feeds the calculator from them.
 */
export function DatasetsPage({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [selected, setSelected] = useQueryState("run", parseAsString);
  const { data: processes } = useSuspenseQuery(trpc.processes.list.queryOptions());
  const { data: list } = useSuspenseQuery(trpc.datasets.list.queryOptions({ slug }));
  const { data: runs } = useSuspenseQuery(trpc.datasets.runs.queryOptions({ slug }));
  const process = processes.find((p) => p.slug === slug);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Dataset runs · ${process?.name ?? slug}`}
        description="Run a version or the draft over many inputs to see how each step behaves and what it costs, before real traffic does. These runs stay out of analytics."
        actions={
          <Link href={`/calculator?process=${slug}`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
            Back to the calculator
          </Link>
        }
      />
      <Card title="New dataset" description="Each row must fit the trigger's input schema; problems are listed per line before anything is saved.">
        <DatasetUpload slug={slug} inputSchema={list.inputSchema} />
      </Card>
      <Card title="Datasets">
        {list.datasets.length ? (
          <ul className="divide-y divide-zinc-100">
            {list.datasets.map((d) => (
              <li key={d.id} className="space-y-2 px-5 py-3" data-testid="ds-dataset">
                <p className="text-sm">
                  <span className="font-medium">{d.name}</span> <span className="text-zinc-500">· {d.size} input{d.size === 1 ? "" : "s"} · {d.source === "runs" ? "past runs" : d.source.toUpperCase()}</span>{" "}
                  <span className="font-mono text-xs text-zinc-400">{d.id}</span>
                </p>
                <DatasetLaunch slug={slug} datasetId={d.id} latestVersion={process?.latestVersion ?? null} onLaunched={(id) => void setSelected(id)} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="px-5 py-4 text-sm text-zinc-500">No dataset yet: upload one above.</p>
        )}
      </Card>
      {runs.length ? (
        <Card title="Launches">
          <Table aria-label="Dataset runs">
            <thead>
              <tr>
                <Th>Dataset run</Th>
                <Th>Target</Th>
                <Th>Status</Th>
                <Th className="text-right">Runs</Th>
                <Th className="text-right">Spent / cap</Th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className={r.id === selected ? "bg-zinc-50" : undefined}>
                  <Td>
                    <button type="button" className="font-mono text-xs text-zinc-900 underline" onClick={() => void setSelected(r.id)}>
                      {r.id}
                    </button>{" "}
                    <span className="text-xs text-zinc-500">{r.datasetName}</span>
                  </Td>
                  <Td className="text-xs">
                    {r.target} · {r.provider} · {r.repetitions}×
                  </Td>
                  <Td>
                    <Badge tone={r.status === "completed" ? "green" : r.status === "running" ? "blue" : "amber"}>{r.status}</Badge>
                  </Td>
                  <Td className="text-right tabular-nums">
                    {r.launched} / {r.total}
                  </Td>
                  <Td className="text-right font-mono text-xs tabular-nums">
                    {formatMoney(r.spentUsd)} / {formatMoney(r.spendCapUsd)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
      {selected ? <DatasetResults key={selected} id={selected} slug={slug} /> : null}
    </div>
  );
}
