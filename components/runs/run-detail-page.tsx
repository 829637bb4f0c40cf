"use client";

import { DateTimeText, DetailItem } from "@/components/ui/detail";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RunView } from "@/server/runs/runs.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { BackLink } from "./back-link";
import { describeError } from "./describe-error";
import { formatDuration, formatInt, formatUsd } from "./format";
import { JsonBlock } from "./json-block";
import { RunActions } from "./run-actions";
import { isTerminal } from "./status";
import { StatusBadge } from "./status-badge";
import { StepsTable } from "./steps-table";

export function RunDetailPage({ runId, userRole }: { runId: string; userRole: string }) {
  const trpc = useTRPC();
  const { data: run } = useSuspenseQuery({
    ...trpc.runs.get.queryOptions({ runId }),
    // A live run changes step by step; poll until it reaches a final status.
    refetchInterval: (query) => (query.state.data && isTerminal(query.state.data.status) ? false : 1500),
  });
  const openEscalations = run.escalations.filter((e) => e.status === "open");
  const errorText = describeError(run.error);

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <BackLink href="/runs">Runs</BackLink>
        <PageHeader
          title={run.id}
          description={
            <>
              <Link href={`/processes/${run.process}`} className="font-medium text-zinc-700 hover:underline">
                {run.process}
              </Link>{" "}
              v{run.version} · triggered by {run.trigger}
              {run.rerunOf ? (
                <>
                  {" "}· rerun of{" "}
                  <Link href={`/runs/${run.rerunOf}`} className="font-mono text-xs hover:underline">
                    {run.rerunOf}
                  </Link>
                  {run.rerunFromNodeId ? ` from ${run.rerunFromNodeId}` : null}
                </>
              ) : null}
            </>
          }
          actions={
            <div className="flex items-start gap-3">
              <RunActions run={run} userRole={userRole} />
              <span data-testid="run-status">
                <StatusBadge status={run.status} />
              </span>
            </div>
          }
        />
      </div>

      {openEscalations.length > 0 ? (
        <Alert tone="warning" title="Waiting for a decision">
          <ul className="mt-1 space-y-1">
            {openEscalations.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-2">
                Step <code className="font-mono text-xs">{e.nodeId}</code> is in the inbox.
                <Link href={`/inbox/${e.id}`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
                  Review {e.id}
                </Link>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {run.status === "failed" && errorText ? <Alert title="The run failed">{errorText}</Alert> : null}

      <Card title="Summary">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-5 sm:grid-cols-4" data-testid="run-totals">
          <DetailItem numeric label="Cost">
            <span className="font-mono">{formatUsd(run.totals.costUsd)}</span>
            {run.totals.reusedCostUsd > 0 ? (
              <span className="block text-xs text-zinc-400" title="Cost of the reused steps in the run they came from; not billed again">
                + {formatUsd(run.totals.reusedCostUsd)} reused
              </span>
            ) : null}
          </DetailItem>
          <DetailItem numeric label="Tokens">
            {formatInt(run.totals.tokens)}
            <span className="block text-xs text-zinc-400">
              {formatInt(run.totals.inputTokens)} in
              {run.totals.cachedInputTokens ? ` (${formatInt(run.totals.cachedInputTokens)} cached)` : ""} · {formatInt(run.totals.outputTokens)} out
            </span>
          </DetailItem>
          <DetailItem numeric label="Duration">{run.endedAt ? formatDuration(run.totals.durationMs) : <span className="text-zinc-400">still running</span>}</DetailItem>
          <DetailItem numeric label="Steps">{formatInt(run.steps.length)}</DetailItem>
          <DetailItem numeric label="Created">
            <DateTimeText value={run.createdAt} />
          </DetailItem>
          <DetailItem numeric label="Started">{run.startedAt ? <DateTimeText value={run.startedAt} /> : <span className="text-zinc-400">not yet</span>}</DetailItem>
          <DetailItem numeric label="Ended">{run.endedAt ? <DateTimeText value={run.endedAt} /> : <span className="text-zinc-400">—</span>}</DetailItem>
          <DetailItem numeric label="Escalations">
            {run.escalations.length === 0 ? (
              <span className="text-zinc-400">none</span>
            ) : (
              <span className="flex flex-wrap gap-1.5">
                {run.escalations.map((e) => (
                  <Link key={e.id} href={`/inbox/${e.id}`} className="font-mono text-xs hover:underline">
                    {e.nodeId}: {e.decision ?? e.status}
                  </Link>
                ))}
              </span>
            )}
          </DetailItem>
        </dl>
      </Card>

      <Card title="Steps" description="Every attempt of every step, in order. Click a step to see its input, output and details.">
        <StepsTable steps={run.steps} totalCostUsd={run.totals.costUsd} />
      </Card>

      <Card title="Data">
        <div className="grid gap-3 p-5">
          <JsonBlock label="Input" value={run.input} open testId="run-input" />
          <JsonBlock label="Output" value={run.output} open empty={isTerminal(run.status) ? "No output" : "Not finished yet"} testId="run-output" />
          {run.error !== null ? <JsonBlock label="Error" value={run.error} open testId="run-error" /> : null}
        </div>
      </Card>
    </div>
  );
}



