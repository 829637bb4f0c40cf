"use client";

import { RunKindBadge, versionLabel } from "@/components/runs/run-kind-badge";
import { DateTimeText, DetailItem } from "@/components/ui/detail";
import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import type { Edge, Node } from "@/core/graph";
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
import { RunGraph } from "./run-graph";
import { deriveRunGraphState, rerunStartNodes } from "@/core/run-graph";
import { canRun } from "./input-schema";
import { RerunDialog } from "./rerun-dialog";
import { StepPanel } from "./step-panel";
import { RunTimeline } from "./run-timeline";
import { useRunEvents } from "./use-run-events";
import { UNPRICED_TITLE, unpricedNodes } from "./step-cost";

export function RunDetailPage({ runId, userRole }: { runId: string; userRole: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [polling, setPolling] = useState(false);
  // Server push first; polling only when the stream is unavailable, and never after the end.
  const poll = (data: RunView | undefined) => (polling && !(data && isTerminal(data.status)) ? 1500 : false);
  const { data: run, dataUpdatedAt } = useSuspenseQuery({ ...trpc.runs.get.queryOptions({ runId }), refetchInterval: (query) => poll(query.state.data) });
  const { data: graphView } = useSuspenseQuery({ ...trpc.runs.graph.queryOptions({ runId }), refetchInterval: () => poll(run) });
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.graph.queryKey({ runId }) });
  }, [queryClient, trpc, runId]);
  const live = useRunEvents(runId, isTerminal(run.status), refresh);
  if ((live === "polling") !== polling) setPolling(live === "polling");

  const graph = graphView.graph as { nodes: Node[]; edges: Edge[] };
  const graphState = useMemo(
    () =>
      deriveRunGraphState(graph, {
        status: run.status,
        input: run.input,
        steps: run.steps,
        escalations: graphView.escalations,
        children: graphView.children,
      }),
    [graph, run, graphView],
  );
  const unpriced = useMemo(() => unpricedNodes(run.steps), [run.steps]);
  const [selectedNode, setSelectedNode] = useState<string | null>(null);
  const [rerunFrom, setRerunFrom] = useState<string | null>(null);
  const rerunView = useMemo(() => ({ graph, state: graphState, stepOrder: graphView.stepOrder }), [graph, graphState, graphView.stepOrder]);
  const startNodes = useMemo(() => new Set(rerunStartNodes(graph, graphView.stepOrder)), [graph, graphView.stepOrder]);
  const isTest = run.kind === "test";
  // "Rerun from here" in the step panel: operators, a finished real run, a step a rerun can start at.
  const rerunHint = !canRun(userRole) ? null : isTest ? "A test run of a draft is not rerun: start another test run from the designer." : !isTerminal(run.status) ? "Rerun from a step once the run has finished (or cancel it first)." : null;
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
              <RunKindBadge kind={run.kind} className="mr-1.5" />
              <Link href={`/processes/${run.process}`} className="font-medium text-zinc-700 hover:underline">
                {run.process}
              </Link>{" "}
              {versionLabel(run.kind, run.version)} · {isTest ? "test run from the designer" : `triggered by ${run.trigger}`}
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
              <RunActions run={run} view={rerunView} userRole={userRole} />
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
            {unpriced.size ? (
              <span className="block text-xs text-amber-700" title={UNPRICED_TITLE} data-testid="run-unpriced">
                + unpriced calls ({[...unpriced].join(", ")}): cost unknown
              </span>
            ) : null}
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

      <Card
        title="Graph"
        description={`${isTest ? "The draft" : `Version ${graphView.version}`} as this run ran it. Click a step for every attempt, its input, output and cost.${isTerminal(run.status) ? "" : live === "stream" ? " Live." : " Refreshing every few seconds."}`}
      >
        <RunGraph graph={graph} state={graphState} unpriced={unpriced} selectedNodeId={selectedNode} onSelectNode={setSelectedNode} />
      </Card>

      <Card title="Timeline" description="Every attempt on a time axis: hatched is waiting (queued, a retry's backoff, a person), solid is running.">
        <RunTimeline run={run} steps={run.steps} escalations={graphView.escalations} now={new Date(dataUpdatedAt)} onSelect={setSelectedNode} />
      </Card>

      <Card title="Steps" description="Every attempt of every step, in order. Click a step to see its input, output and details.">
        <StepsTable steps={run.steps} totalCostUsd={run.totals.costUsd} onSelect={setSelectedNode} />
      </Card>

      {selectedNode ? (
        <StepPanel
          nodeId={selectedNode}
          nodeName={graph.nodes.find((n) => n.id === selectedNode)?.name}
          info={graphState.nodes[selectedNode]}
          steps={run.steps.filter((s) => s.nodeId === selectedNode)}
          escalations={graphView.escalations.filter((e) => e.nodeId === selectedNode)}
          onClose={() => setSelectedNode(null)}
          rerun={
            canRun(userRole) && startNodes.has(selectedNode)
              ? rerunHint
                ? { hint: rerunHint }
                : {
                    onStart: () => {
                      setRerunFrom(selectedNode);
                      setSelectedNode(null);
                    },
                  }
              : undefined
          }
        />
      ) : null}
      {rerunFrom ? <RerunDialog run={run} view={rerunView} initialNodeId={rerunFrom} onClose={() => setRerunFrom(null)} /> : null}

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
