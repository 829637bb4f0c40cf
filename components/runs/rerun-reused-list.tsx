"use client";

import type { RunView } from "@/server/runs/runs.schema";
import { formatUsd } from "./format";
import { JsonBlock } from "./json-block";

/** The steps a rerun takes from this run, each with the output it will reuse and what it cost then. */
export function RerunReusedList({ run, reused, nameOf, fromName }: { run: RunView; reused: readonly string[]; nameOf: (id: string) => string; fromName: string }) {
  if (reused.length === 0) {
    return (
      <p className="text-xs text-zinc-600" data-testid="rerun-reused-none">
        Nothing is reused: the rerun executes every step from <strong>{fromName}</strong> on.
      </p>
    );
  }
  const saved = run.steps.filter((s) => reused.includes(s.nodeId)).reduce((sum, s) => sum + s.costUsd, 0);
  return (
    <section className="space-y-2" aria-label="Reused steps">
      <p className="text-xs text-zinc-600">
        Reused from this run, not executed or billed again ({formatUsd(saved)} saved); the rerun starts at <strong>{fromName}</strong>.
      </p>
      <ul className="space-y-2">
        {reused.map((id) => {
          const records = run.steps.filter((s) => s.nodeId === id);
          const last = records.filter((s) => s.status === "succeeded").at(-1) ?? records.at(-1);
          const decision = run.escalations.find((e) => e.nodeId === id)?.decision;
          return (
            <li key={id} className="min-w-0 rounded-md border border-blue-100 bg-blue-50/40 p-2" data-testid="rerun-reused" data-node-id={id}>
              <div className="mb-1 flex items-center gap-2 text-xs">
                <span className="font-medium text-zinc-900">{nameOf(id)}</span>
                <span className="font-mono text-zinc-500">{id}</span>
                {decision ? <span className="text-zinc-600">decision: {decision}</span> : null}
                <span className="ml-auto font-mono text-zinc-500">{formatUsd(records.reduce((sum, s) => sum + s.costUsd, 0))}</span>
              </div>
              <JsonBlock label="Output it reuses" value={last?.output ?? null} empty="No output recorded" />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
