import { Badge } from "@/components/ui/badge";
import { formatUsd } from "./format";

/**
 * A model call whose model had no row in the price table is recorded with cost 0 and
 * `detail.unpriced` (server/runtime/step-services.ts). Its cost is unknown, not $0, so every place
 * that shows a step's cost says so.
 */
export function isUnpriced(step: { detail?: unknown }): boolean {
  const d = step.detail;
  return typeof d === "object" && d !== null && (d as { unpriced?: unknown }).unpriced === true;
}

/** Node ids with at least one unpriced call among the run's own (not reused) records. */
export function unpricedNodes(steps: ReadonlyArray<{ nodeId: string; detail?: unknown; reused?: boolean }>): Set<string> {
  return new Set(steps.filter((s) => !s.reused && isUnpriced(s)).map((s) => s.nodeId));
}

export const UNPRICED_TITLE = "The model has no price in Settings → Models: this call's cost is unknown, not $0.";

/** A step's cost, or an "unpriced" badge for a call to a model with no price. */
export function StepCost({ step }: { step: { costUsd: number; detail?: unknown } }) {
  if (!isUnpriced(step)) return <>{formatUsd(step.costUsd)}</>;
  return (
    <span title={UNPRICED_TITLE} data-testid="step-unpriced">
      <Badge tone="amber">unpriced</Badge>
    </span>
  );
}
