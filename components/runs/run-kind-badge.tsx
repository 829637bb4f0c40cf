import { Badge } from "@/components/ui/badge";

const KINDS: Record<string, { label: string; title: string }> = {
  test: { label: "test", title: "A designer's test run of an unpublished draft: left out of analytics and of the default runs list; its escalations notify nobody" },
  dataset: { label: "dataset", title: "A run launched by a dataset run from the calculator: left out of analytics; its escalations notify nobody" },
};

/** Marks a run that is not production (`test`, `dataset`) wherever a run or its escalation is listed; nothing for `run`. */
export function RunKindBadge({ kind, className }: { kind: string; className?: string }) {
  const k = KINDS[kind];
  if (!k) return null;
  return (
    <span className={className} data-testid={`run-kind-${kind}`} title={k.title}>
      <Badge tone="blue">{k.label}</Badge>
    </span>
  );
}

/** The version a run ran on, as lists show it: a test run ran the draft (its hidden test version is not a number users know). */
export function versionLabel(kind: string, version: number): string {
  return kind === "test" ? "draft" : `v${version}`;
}
