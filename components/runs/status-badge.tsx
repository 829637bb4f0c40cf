import { Badge } from "@/components/ui/badge";
import type { RunStatus } from "./status";

const TONE: Record<string, "neutral" | "green" | "amber" | "red" | "blue"> = {
  queued: "neutral",
  running: "blue",
  waiting: "amber",
  completed: "green",
  succeeded: "green",
  resolved: "green",
  open: "amber",
  failed: "red",
  timed_out: "red",
  cancelled: "neutral",
  skipped: "neutral",
};

/** Status of a run, a step record or an escalation. */
export function StatusBadge({ status }: { status: RunStatus | (string & {}) }) {
  return <Badge tone={TONE[status] ?? "neutral"}>{status.replace("_", " ")}</Badge>;
}
