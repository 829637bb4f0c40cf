/**
 * The run's waterfall: one bar per attempt of every step (a retry is its own bar), each split
 * into the time it waited before it started (queued behind the steps before it, a retry's
 * backoff) and the time it ran; a human step's bar is the time it waited for a person.
 * Pure: the page renders it, tests pin it.
 */
export interface TimelineStep {
  nodeId: string;
  stepId: string;
  attempt: number;
  status: string;
  startedAt: Date;
  endedAt: Date | null;
  reused?: boolean;
}

export interface TimelineEscalation {
  nodeId: string;
  stepId: string;
  status: string;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface TimelineBar {
  key: string;
  nodeId: string;
  label: string;
  kind: "step" | "human";
  status: string;
  /** Milliseconds from the run's start. */
  waitFrom: number;
  runFrom: number;
  to: number;
  /** Still going (drawn to "now"). */
  open: boolean;
}

export interface Timeline {
  startMs: number;
  durationMs: number;
  bars: TimelineBar[];
}

export function buildTimeline(
  run: { createdAt: Date; startedAt: Date | null; endedAt: Date | null },
  steps: readonly TimelineStep[],
  escalations: readonly TimelineEscalation[],
  now: Date,
): Timeline {
  const start = run.createdAt.getTime();
  const endOf = (d: Date | null) => (d ?? run.endedAt ?? now).getTime() - start;
  const own = steps.filter((s) => !s.reused).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.attempt - b.attempt);
  const bars: TimelineBar[] = [];
  const lastEndOfStep = new Map<string, number>();
  // Ends seen so far in start order: a step waited from the latest end before it started
  // (the step it followed), or from the run's start for the first one.
  const ends: number[] = [(run.startedAt ?? run.createdAt).getTime() - start];
  for (const s of own) {
    const runFrom = s.startedAt.getTime() - start;
    const retryOf = lastEndOfStep.get(s.stepId);
    const before = ends.filter((e) => e <= runFrom);
    const waitFrom = retryOf !== undefined && retryOf <= runFrom ? retryOf : before.length ? Math.max(...before) : runFrom;
    const to = Math.max(runFrom, endOf(s.endedAt));
    bars.push({
      key: `${s.stepId}#${s.attempt}`,
      nodeId: s.nodeId,
      label: s.attempt > 1 ? `${s.stepId} · attempt ${s.attempt}` : s.stepId,
      kind: "step",
      status: s.status,
      waitFrom,
      runFrom,
      to,
      open: s.endedAt === null,
    });
    lastEndOfStep.set(s.stepId, to);
    ends.push(to);
  }
  for (const e of escalations) {
    const from = e.createdAt.getTime() - start;
    // Waiting for a person is all wait: the bar has no running part.
    const to = Math.max(from, endOf(e.resolvedAt));
    bars.push({ key: `esc:${e.stepId}`, nodeId: e.nodeId, label: `${e.stepId} · ${e.status === "open" ? "waiting for a person" : e.status.replace("_", " ")}`, kind: "human", status: e.status, waitFrom: from, runFrom: to, to, open: e.status === "open" });
  }
  bars.sort((a, b) => a.waitFrom - b.waitFrom || a.runFrom - b.runFrom);
  const durationMs = Math.max(1, endOf(run.endedAt), ...bars.map((b) => b.to));
  return { startMs: start, durationMs, bars };
}

/** The bars whose rows fall in a scrolled window (fixed row height): a long loop renders a screenful. */
export function visibleRows(count: number, scrollTop: number, viewportHeight: number, rowHeight: number, overscan = 8): { from: number; to: number } {
  const from = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const to = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { from, to };
}
