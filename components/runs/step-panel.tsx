"use client";

import Link from "next/link";
import type { RunView } from "@/server/runs/runs.schema";
import type { RunGraphView } from "@/server/runs/run-graph.schema";
import { DateTimeText } from "@/components/ui/detail";
import { Button } from "@/components/ui/button";
import { describeError } from "./describe-error";
import { formatDuration, formatInt } from "./format";
import { JsonBlock } from "./json-block";
import type { NodeRunInfo } from "@/core/run-graph";
import { StatusBadge } from "./status-badge";
import { StepCost } from "./step-cost";

type Step = RunView["steps"][number];
type Escalation = RunGraphView["escalations"][number];

/** `classify/call-2` → a fallback or retry; `classify/repair` → the repair attempt. */
function callKind(step: Step): string | null {
  const port = (step.detail as { portStepId?: unknown } | null)?.portStepId;
  const suffix = typeof port === "string" && port.includes("/") ? port.slice(port.indexOf("/") + 1) : "";
  if (suffix === "repair" || (step.detail as { repair?: unknown } | null)?.repair) return "repair attempt";
  if (suffix.startsWith("call-")) return "fallback / retry";
  return null;
}

/** The models a step tried, in order, and how each call ended (the fallback chain). */
export function fallbackChain(steps: readonly Step[]): string {
  return steps.map((s) => `${s.model ?? s.provider ?? "?"} ${s.status === "succeeded" ? "✓" : s.status === "failed" ? "✗" : "…"}`).join(" → ");
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 gap-3 py-0.5 text-xs">
      <dt className="w-28 shrink-0 text-zinc-500">{label}</dt>
      <dd className="min-w-0 flex-1 [overflow-wrap:anywhere] text-zinc-800">{children}</dd>
    </div>
  );
}

function Attempt({ step }: { step: Step }) {
  const input = (step.input ?? {}) as { system?: unknown; prompt?: unknown };
  const prompt = step.kind === "llm" ? [typeof input.system === "string" ? `[system]\n${input.system}` : "", typeof input.prompt === "string" ? input.prompt : ""].filter(Boolean).join("\n\n") : "";
  const error = step.error as { code?: unknown } | null;
  const kind = callKind(step);
  return (
    <li className="min-w-0 space-y-2 rounded-md border border-zinc-200 p-3" data-testid="step-attempt" data-status={step.status}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-medium text-zinc-900">Attempt {step.attempt}</span>
        <StatusBadge status={step.status} />
        {kind ? <span className="text-zinc-500">{kind}</span> : null}
        {step.reused ? <span className="text-sky-700">reused from {step.reusedFromRunId}</span> : null}
        <span className="ml-auto font-mono text-zinc-400">{step.stepId}</span>
      </div>
      <dl>
        {step.provider || step.model ? (
          <Row label="Model">
            <span className="font-mono">{step.model ?? "—"}</span> <span className="text-zinc-500">via {step.provider ?? "—"}</span>
          </Row>
        ) : null}
        {step.kind === "llm" ? (
          <Row label="Tokens">
            {formatInt(step.inputTokens)} in · {formatInt(step.cachedInputTokens)} cached · {formatInt(step.outputTokens)} out
          </Row>
        ) : null}
        <Row label="Cost">
          <StepCost step={step} />
        </Row>
        <Row label="Latency">{step.endedAt ? formatDuration(step.latencyMs) : "running…"}</Row>
        <Row label="Started">
          <DateTimeText value={step.startedAt} />
        </Row>
        {step.error !== null ? (
          <Row label="Error">
            <span className="text-red-700" data-testid="step-error">
              {typeof error?.code === "string" ? <code className="mr-1 rounded bg-red-50 px-1 font-mono">{error.code}</code> : null}
              {describeError(step.error)}
            </span>
          </Row>
        ) : null}
      </dl>
      {prompt ? <JsonBlock label="Rendered prompt" value={prompt} /> : null}
      <JsonBlock label="Input" value={step.input} testId="step-input" />
      <JsonBlock label="Output" value={step.output} open={step.status === "succeeded"} />
      {step.error !== null ? <JsonBlock label="Error" value={step.error} /> : null}
      {step.detail !== null ? <JsonBlock label="Detail" value={step.detail} /> : null}
    </li>
  );
}

function EscalationCard({ e }: { e: Escalation }) {
  return (
    <section className="min-w-0 space-y-2 rounded-md border border-amber-200 bg-amber-50/40 p-3" data-testid="step-escalation">
      <div className="flex items-center gap-2 text-xs">
        <span className="font-medium text-zinc-900">Escalation</span>
        <StatusBadge status={e.status} />
        <Link href={`/inbox/${e.id}`} className="ml-auto font-mono text-sky-700 hover:underline">
          {e.id}
        </Link>
      </div>
      <dl>
        <Row label="Why">{e.reason}</Row>
        <Row label="For role">{e.role}</Row>
        <Row label="Opened">
          <DateTimeText value={e.createdAt} />
        </Row>
        {e.dueAt ? (
          <Row label="Due">
            <DateTimeText value={e.dueAt} />
          </Row>
        ) : null}
        {e.decision ? <Row label="Decision">{e.decision}</Row> : null}
        {e.resolvedBy ? <Row label="Decided by">{e.resolvedBy}</Row> : null}
        {e.resolvedAt ? (
          <Row label="Decided at">
            <DateTimeText value={e.resolvedAt} />
          </Row>
        ) : null}
        {e.comment ? <Row label="Comment">{e.comment}</Row> : null}
      </dl>
      {e.proposedOutput !== null ? <JsonBlock label="Proposed output" value={e.proposedOutput} /> : null}
      {e.output !== null ? <JsonBlock label="Decided output" value={e.output} /> : null}
    </section>
  );
}

/** Everything about one node of the run: every attempt, and for human steps the escalation. */
export function StepPanel({
  nodeId,
  nodeName,
  info,
  steps,
  escalations,
  onClose,
  rerun,
}: {
  nodeId: string;
  nodeName?: string;
  info?: NodeRunInfo;
  steps: readonly Step[];
  escalations: readonly Escalation[];
  onClose: () => void;
  /** "Rerun from here": opens the rerun dialog at this node; a hint instead says why it is not possible now. */
  rerun?: { onStart: () => void } | { hint: string };
}) {
  const byStep = new Map<string, Step[]>();
  for (const s of steps) (byStep.get(s.stepId) ?? byStep.set(s.stepId, []).get(s.stepId)!).push(s);
  const chains = [...byStep.values()].filter((list) => list.length > 1 && list.some((s) => s.model));
  return (
    <aside
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col overflow-hidden border-l border-zinc-200 bg-white shadow-xl"
      aria-label={`Step ${nodeId}`}
      data-testid="step-panel"
      data-node-id={nodeId}
    >
      <header className="flex items-start gap-3 border-b border-zinc-200 px-5 py-4">
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold text-zinc-900">{nodeName ?? nodeId}</h2>
          <p className="font-mono text-xs text-zinc-500">{nodeId}</p>
        </div>
        {info ? (
          <span data-testid="step-panel-state">
            <StatusBadge status={info.state.replace("_", " ")} />
          </span>
        ) : null}
        <Button variant="secondary" size="sm" onClick={onClose}>
          Close
        </Button>
      </header>
      <div className="min-w-0 flex-1 space-y-3 overflow-x-hidden overflow-y-auto px-5 py-4">
        {rerun ? (
          "onStart" in rerun ? (
            <div className="flex items-center gap-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-xs text-zinc-600">
              <span className="flex-1">Run again from this step, with the same or an edited input; the steps before it are reused.</span>
              <Button variant="secondary" size="sm" onClick={rerun.onStart}>
                Rerun from here…
              </Button>
            </div>
          ) : (
            <p className="text-xs text-zinc-500" data-testid="step-panel-rerun-hint">
              {rerun.hint}
            </p>
          )
        ) : null}
        {info?.routedValue !== undefined ? (
          <p className="text-xs text-zinc-700" data-testid="step-panel-route">
            Routed on <code className="font-mono">{JSON.stringify(info.routedValue)}</code> → branch <strong>{info.branch ?? "none"}</strong>
          </p>
        ) : null}
        {info?.iterations ? <p className="text-xs text-zinc-700">{info.iterations} iteration{info.iterations === 1 ? "" : "s"}</p> : null}
        {info?.childRunId ? (
          <p className="text-xs">
            Child run{" "}
            <Link href={`/runs/${info.childRunId}`} className="font-mono text-sky-700 hover:underline">
              {info.childRunId}
            </Link>
          </p>
        ) : null}
        {chains.map((list) => (
          <p key={list[0]!.stepId} className="text-xs text-zinc-700" data-testid="fallback-chain">
            Calls tried: <span className="font-mono">{fallbackChain(list)}</span>
          </p>
        ))}
        {escalations.map((e) => (
          <EscalationCard key={e.id} e={e} />
        ))}
        {steps.length ? (
          <ol className="space-y-3">
            {steps.map((s) => (
              <Attempt key={`${s.reusedFromRunId ?? ""}:${s.stepId}#${s.attempt}`} step={s} />
            ))}
          </ol>
        ) : escalations.length === 0 ? (
          <p className="text-xs text-zinc-500">This node keeps no step record: its state is derived from the steps around it.</p>
        ) : null}
      </div>
    </aside>
  );
}
