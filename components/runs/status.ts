import type { RunSummary } from "@/server/runs/runs.schema";

export type RunStatus = RunSummary["status"];

/** Mirrors the server's runStatus enum (the server validates; this only drives the filter UI). */
export const RUN_STATUSES = ["queued", "running", "waiting", "completed", "failed", "cancelled"] as const satisfies readonly RunStatus[];

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ["completed", "failed", "cancelled"];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

/** Mirrors the server's runTrigger enum (drives the trigger filter). */
export const RUN_TRIGGERS = ["api", "webhook", "cron", "ui", "subprocess", "rerun"] as const;
