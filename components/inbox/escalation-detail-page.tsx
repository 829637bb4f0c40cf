"use client";

import { RunKindBadge, versionLabel } from "@/components/runs/run-kind-badge";
import { DateTimeText, DetailItem } from "@/components/ui/detail";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { BackLink } from "@/components/runs/back-link";
import { JsonBlock } from "@/components/runs/json-block";
import { StatusBadge } from "@/components/runs/status-badge";
import { ResolveEscalationForm } from "./resolve-escalation-form";
import { CaseFile } from "./case-file";
import { ClaimPanel } from "./claim-panel";
import { AuditTrail } from "./audit-trail";
import { Alert } from "@/components/ui/alert";
import { useSearchParams } from "next/navigation";

export function EscalationDetailPage({ id, userId, userRole }: { id: string; userId: string; userRole: string }) {
  const trpc = useTRPC();
  const { data: esc } = useSuspenseQuery(trpc.escalations.get.queryOptions({ id }));
  const after = useSearchParams().get("after");
  const decisionLabel = esc.decision ? (esc.allowedDecisions.find((d) => d.id === esc.decision)?.label ?? esc.decision) : null;

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <BackLink href="/inbox">Inbox</BackLink>
        <PageHeader
          title={esc.status === "open" ? `Decision needed at ${esc.nodeId}` : `Escalation at ${esc.nodeId}`}
          description={
            <>
              <RunKindBadge kind={esc.runKind} className="mr-1.5" />
              <Link href={`/processes/${esc.process}`} className="font-medium text-zinc-700 hover:underline">
                {esc.process}
              </Link>{" "}
              {versionLabel(esc.runKind, esc.version)} · run{" "}
              <Link href={`/runs/${esc.runId}`} className="font-mono text-xs text-zinc-700 hover:underline" data-testid="escalation-run-link">
                {esc.runId}
              </Link>{" "}
              · <span className="font-mono text-xs">{esc.id}</span>
            </>
          }
          actions={
            <span data-testid="escalation-status">
              <StatusBadge status={esc.status} />
            </span>
          }
        />
      </div>

      {after && esc.status === "open" ? (
        <Alert tone="info" title="Decision recorded; this is the next item">
          Your decision on <span className="font-mono text-xs">{after}</span> was recorded and its run continues.
        </Alert>
      ) : null}

      <Card title="Why it is here">
        <div className="space-y-4 p-5">
          <p className="whitespace-pre-wrap break-words text-zinc-900" data-testid="escalation-reason">
            {esc.reason}
          </p>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-4">
            <DetailItem label="Who may decide">
              <Badge>{esc.role}</Badge>
              <span className="ml-1.5 text-xs text-zinc-400">or higher</span>
            </DetailItem>
            <DetailItem label="Due">{esc.dueAt ? <DateTimeText value={esc.dueAt} /> : <span className="text-zinc-400">no deadline</span>}</DetailItem>
            <DetailItem label="Created">
              <DateTimeText value={esc.createdAt} />
            </DetailItem>
            <DetailItem label="Step">
              <span className="font-mono text-xs">{esc.stepId}</span>
            </DetailItem>
          </dl>
        </div>
      </Card>

      <CaseFile escalation={esc} />

      {esc.status === "open" ? <ClaimPanel escalation={esc} userId={userId} userRole={userRole} /> : null}

      {esc.status === "open" ? (
        esc.claimedBy !== null && esc.claimedByUserId !== userId ? (
          // The server refuses a decision from anyone but the holder; say so before anyone tries.
          <Alert tone="warning" title="Someone else is working on this">
            <span data-testid="held-by-other">{esc.claimedBy} holds this escalation. Take it over above to decide it yourself.</span>
          </Alert>
        ) : (
          <ResolveEscalationForm escalation={esc} userRole={userRole} />
        )
      ) : (
        <Card title="Outcome">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-5 sm:grid-cols-4" data-testid="escalation-outcome">
            <DetailItem label="Status">
              <StatusBadge status={esc.status} />
            </DetailItem>
            <DetailItem label="Decision">{decisionLabel ?? <span className="text-zinc-400">none</span>}</DetailItem>
            <DetailItem label="By">{esc.resolvedBy ?? <span className="text-zinc-400">—</span>}</DetailItem>
            <DetailItem label="At">{esc.resolvedAt ? <DateTimeText value={esc.resolvedAt} /> : <span className="text-zinc-400">—</span>}</DetailItem>
            {esc.comment ? (
              <div className="col-span-full">
                <dt className="text-xs font-medium text-zinc-500">Comment</dt>
                <dd className="mt-1 whitespace-pre-wrap text-zinc-900">{esc.comment}</dd>
              </div>
            ) : null}
          </dl>
          {esc.output !== null ? (
            <div className="px-5 pb-5">
              <JsonBlock label="Edited output" value={esc.output} open />
            </div>
          ) : null}
        </Card>
      )}

      <AuditTrail id={esc.id} />

      <Card title="Raw JSON" description="The same data as sent to the API, for power users.">
        <div className="grid gap-3 p-5">
          <JsonBlock label="Proposed output" value={esc.proposedOutput} empty="The step proposed no output." testId="escalation-proposed" />
          <JsonBlock label="Context (run input and upstream outputs)" value={esc.context} testId="escalation-context" />
          {esc.outputSchema !== null ? <JsonBlock label="Output contract" value={esc.outputSchema} /> : null}
        </div>
      </Card>
    </div>
  );
}


