"use client";

import Link from "next/link";
import { DetailItem } from "@/components/ui/detail";
import { buttonClasses } from "@/components/ui/button";
import { useSuspenseQuery } from "@tanstack/react-query";
import { Suspense, type ReactNode } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PublishButton } from "./publish-button";
import { RunProcessButton } from "./run-process-button";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { BackLink } from "@/components/runs/back-link";
import { formatDateTime } from "@/components/runs/format";
import { JsonBlock } from "@/components/runs/json-block";
import { CopyButton } from "@/components/settings/copy-button";
import { CardSkeleton } from "@/components/runs/skeleton";
import { edgeCount, nodeRows } from "./graph-view";
import { RecentRuns } from "./recent-runs";

const SEVERITY_TONE = { error: "red", warning: "amber", info: "blue" } as const;

export function ProcessDetailPage({ slug, userRole }: { slug: string; userRole: string }) {
  const trpc = useTRPC();
  const { data: process } = useSuspenseQuery(trpc.processes.get.queryOptions({ slug }));
  const latest = process.latest;
  // Show what runs: the latest published graph; a never-published process shows its draft.
  const graph = latest?.graph ?? process.draft;
  const nodes = nodeRows(graph, latest?.plan);
  const errors = process.diagnostics.filter((d) => d.severity === "error").length;

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <BackLink href="/processes">Processes</BackLink>
        <PageHeader
          title={process.name}
          description={
            <>
              <span className="font-mono text-xs">{process.slug}</span>
              {process.description ? <> · {process.description}</> : null}
            </>
          }
          actions={
            <div className="flex items-start gap-3">
              <RunProcessButton slug={process.slug} latest={latest} userRole={userRole} />
              <Link href={`/processes/${process.slug}/design`} className={buttonClasses({ variant: "secondary", size: "sm" })} data-testid="open-designer">
                Open designer
              </Link>
              <PublishButton slug={process.slug} disabled={errors > 0} />
              {latest ? <Badge tone="green">v{latest.version} published</Badge> : <Badge tone="amber">draft only</Badge>}
            </div>
          }
        />
      </div>

      <Card title="Latest version">
        {latest ? (
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-5 sm:grid-cols-4" data-testid="process-latest">
            <DetailItem label="Version">v{latest.version}</DetailItem>
            <DetailItem label="Published">
              <time dateTime={latest.createdAt.toISOString()} suppressHydrationWarning>
                {formatDateTime(latest.createdAt)}
              </time>
            </DetailItem>
            <DetailItem label="Function id">
              <code className="font-mono text-xs">{latest.functionId}</code>
            </DetailItem>
            <DetailItem label="Plan hash">
              <code className="font-mono text-xs" title={latest.planHash}>
                {latest.planHash.slice(0, 12)}
              </code>
            </DetailItem>
            <DetailItem label="Draft updated">
              <time dateTime={process.updatedAt.toISOString()} suppressHydrationWarning>
                {formatDateTime(process.updatedAt)}
              </time>
            </DetailItem>
            <DetailItem label="Graph">
              {nodes.length} nodes · {edgeCount(graph)} edges
            </DetailItem>
            <DetailItem label="Schedule">
              {process.schedule ? <code className="font-mono text-xs">{process.schedule.cron} (UTC)</code> : <span className="text-zinc-400">none</span>}
            </DetailItem>
            <DetailItem label="Process id">
              <code className="font-mono text-xs">{process.id}</code>
            </DetailItem>
          </dl>
        ) : (
          <p className="p-5 text-sm text-zinc-500">Not published yet: runs can start only once the draft is published.</p>
        )}
        {/* The server sends the path only to roles that may start runs (it is a credential). */}
        {process.webhookPath ? (
          <div className="border-t border-zinc-100 px-5 py-4">
            <p className="text-xs font-medium text-zinc-500">Webhook</p>
            <div className="mt-1.5 flex flex-wrap items-center gap-2">
              <code className="rounded bg-zinc-100 px-1.5 py-1 font-mono text-xs text-zinc-700" data-testid="webhook-path">
                POST {process.webhookPath}
              </code>
              <CopyButton value={process.webhookPath} label="Copy path" />
            </div>
            <p className="mt-1.5 text-xs text-zinc-500">Starts a run of the latest version without an API key; treat the path as a secret.</p>
          </div>
        ) : null}
      </Card>

      <Card
        title="Diagnostics"
        description={process.diagnostics.length === 0 ? "The draft validates cleanly under the current settings." : `${errors} error${errors === 1 ? "" : "s"} in the draft under the current settings.`}
      >
        {process.diagnostics.length > 0 ? (
          <ul className="divide-y divide-zinc-100" data-testid="diagnostics">
            {process.diagnostics.map((d, i) => (
              <li key={`${d.code}-${d.nodeId ?? d.edgeId ?? ""}-${i}`} className="flex gap-3 px-5 py-3">
                <Badge tone={SEVERITY_TONE[d.severity as keyof typeof SEVERITY_TONE] ?? "neutral"}>{d.severity}</Badge>
                <div className="min-w-0">
                  <p className="text-zinc-900">
                    {d.message}
                    {d.nodeId ? <code className="ml-1.5 font-mono text-xs text-zinc-500">{d.nodeId}</code> : null}
                  </p>
                  <p className="mt-0.5 text-xs text-zinc-500">{d.hint}</p>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>

      <Card title="Nodes" description={latest ? `As published in v${latest.version}, with the models the plan resolved.` : "From the unpublished draft."}>
        {nodes.length === 0 ? (
          <p className="p-5 text-sm text-zinc-500">The graph has no nodes.</p>
        ) : (
          <Table aria-label="Nodes">
            <thead>
              <tr>
                <Th>Node</Th>
                <Th>Kind</Th>
                <Th>Name</Th>
                <Th>Model / role</Th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((n) => (
                <tr key={n.id} data-testid="node-row">
                  <Td className="font-mono text-xs text-zinc-900">{n.id}</Td>
                  <Td>
                    <Badge>{n.kind}</Badge>
                  </Td>
                  <Td className="text-zinc-900">{n.name}</Td>
                  <Td className="text-xs">
                    {n.kind === "llm" ? (
                      <>
                        <span className="text-zinc-700">{n.modelChoice ?? "—"}</span>
                        {n.resolvedModels.length > 0 ? (
                          <span className="block font-mono text-zinc-500">
                            {n.resolvedModels[0]}
                            {n.resolvedModels.length > 1 ? <span className="text-zinc-400"> → {n.resolvedModels.slice(1).join(" → ")}</span> : null}
                          </span>
                        ) : null}
                      </>
                    ) : n.role ? (
                      <span className="text-zinc-700">decided by {n.role}</span>
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <Suspense fallback={<CardSkeleton title="Recent runs" />}>
        <RecentRuns slug={process.slug} />
      </Suspense>

      <Card title="Versions" description="Each publish compiles the draft into an immutable version; runs keep the version they started on.">
        {process.versions.length === 0 ? (
          <p className="p-5 text-sm text-zinc-500">No versions yet.</p>
        ) : (
          <Table aria-label="Versions">
            <thead>
              <tr>
                <Th>Version</Th>
                <Th>Function id</Th>
                <Th>Plan hash</Th>
                <Th>Published</Th>
              </tr>
            </thead>
            <tbody>
              {process.versions.map((v) => (
                <tr key={v.version} data-testid="version-row">
                  <Td className="font-medium text-zinc-900">v{v.version}</Td>
                  <Td className="font-mono text-xs">{v.functionId}</Td>
                  <Td className="font-mono text-xs" title={v.planHash}>
                    {v.planHash.slice(0, 12)}
                  </Td>
                  <Td className="whitespace-nowrap text-zinc-500" suppressHydrationWarning>
                    {formatDateTime(v.createdAt)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      {latest ? (
        <Card title="Compiled">
          <div className="grid gap-3 p-5">
            <JsonBlock label="Function config" value={latest.functionConfig} />
            <JsonBlock label="Execution plan" value={latest.plan} />
          </div>
        </Card>
      ) : null}
      {errors > 0 && latest ? <Alert tone="warning">The draft has errors, so it cannot be published; v{latest.version} keeps running.</Alert> : null}
    </div>
  );
}

