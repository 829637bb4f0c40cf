"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { EscalationView } from "@/server/escalations/escalations.schema";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { DetailItem } from "@/components/ui/detail";
import { formatUsd } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";
import { ValueFields } from "./value-fields";

/**
 * The escalation as a case file: what the step proposes, what it was given (run input and the
 * upstream outputs it reads) as labelled fields, the model behind it and the run's cost so far.
 */
export function CaseFile({ escalation: esc }: { escalation: EscalationView }) {
  const trpc = useTRPC();
  const { data: file } = useSuspenseQuery(trpc.escalations.caseFile.queryOptions({ id: esc.id }));
  const context = (esc.context ?? {}) as { input?: unknown; upstream?: Record<string, unknown> };
  const upstream = Object.entries(context.upstream ?? {});
  return (
    <Card
      title="Case file"
      actions={
        <Link href={`/runs/${esc.runId}`} className={buttonClasses({ variant: "secondary", size: "sm" })} data-testid="case-file-run-link">
          Open the run on its graph
        </Link>
      }
    >
      <div className="space-y-5 p-5">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4" data-testid="case-file-run">
          <DetailItem label="Run">
            <span className="mr-1.5">
              <StatusBadge status={file.run.status} />
            </span>
          </DetailItem>
          <DetailItem label="Cost so far" numeric>
            <span data-testid="case-file-cost">{formatUsd(file.run.costUsd)}</span>
          </DetailItem>
          <DetailItem label="Model">
            <span data-testid="case-file-model" className="break-words">
              {file.models.length === 0 ? <span className="text-zinc-400">no model call</span> : file.models.map((m) => `${m.model} (${m.nodeId}, ${formatUsd(m.costUsd)})`).join(" · ")}
            </span>
          </DetailItem>
        </dl>
        <Section title="Proposed output">
          <ValueFields value={esc.proposedOutput} testId="case-file-proposed" empty="The step proposed no output." />
        </Section>
        <Section title="Run input">
          <ValueFields value={context.input} testId="case-file-input" empty="The run has no input." />
        </Section>
        {upstream.map(([nodeId, output]) => (
          <Section key={nodeId} title={<>Output of <span className="font-mono">{nodeId}</span></>}>
            <ValueFields value={output} testId={`case-file-upstream-${nodeId}`} empty="No output (the step did not run)." />
          </Section>
        ))}
      </div>
    </Card>
  );
}

function Section({ title, children }: { title: React.ReactNode; children: React.ReactNode }) {
  return (
    <section className="border-t border-zinc-100 pt-4 first:border-0 first:pt-0">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}
