"use client";

import { Badge } from "@/components/ui/badge";
import { formatShortDateTime } from "@/components/runs/format";
import { dueState, relativeTo } from "./triage";

/** The deadline with a chip when it matters: overdue (red) or due soon (amber). */
export function DueChip({ dueAt, createdAt }: { dueAt: Date | null; createdAt: Date }) {
  const now = Date.now();
  const state = dueState(dueAt, createdAt, now);
  if (!dueAt) return <span className="text-xs text-zinc-400">no deadline</span>;
  return (
    <span className="flex flex-col items-start gap-0.5" data-testid="escalation-due" data-due-state={state} suppressHydrationWarning>
      {state === "overdue" ? <Badge tone="red">overdue</Badge> : state === "due-soon" ? <Badge tone="amber">due soon</Badge> : null}
      <span className={state === "overdue" ? "text-xs font-medium text-red-700" : "text-xs text-zinc-700"} title={formatShortDateTime(dueAt)} suppressHydrationWarning>
        {relativeTo(dueAt, now)}
      </span>
    </span>
  );
}
