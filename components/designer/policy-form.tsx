"use client";

import { StepPolicy, type EscalationCondition, type Node } from "@/core/graph";
import { NumberField, SelectField, TextField } from "./inspector-fields";

/**
 * The step policy: retries and their backoff, timeout, budget (its breach goes out of the card's `budget` outlet) and
 * the escalation conditions that hand the step's result to a person before the run continues.
 */
type Kind = EscalationCondition["kind"];
const CONDITIONS: Array<{ kind: Kind; label: string }> = [
  { kind: "contractFailure", label: "the output still breaks its contract" },
  { kind: "stepFailed", label: "the step fails after its retries" },
  { kind: "costAbove", label: "it costs more than (USD)" },
  { kind: "expression", label: "a condition holds" },
];

const fresh = (kind: Kind): EscalationCondition =>
  kind === "costAbove" ? { kind, usd: 0.05 } : kind === "expression" ? { kind, expr: "output.confidence < 0.7" } : { kind };

export function PolicyForm({ node, set, disabled }: { node: Node; set: (n: Node, field: string) => void; disabled: boolean }) {
  const p = node.policy ?? {};
  const put = (patch: Partial<StepPolicy>, field: string) => {
    const next = Object.fromEntries(Object.entries({ ...p, ...patch }).filter(([, v]) => v !== undefined));
    set({ ...node, policy: Object.keys(next).length ? (next as StepPolicy) : undefined }, `policy.${field}`);
  };
  const issues = node.policy ? StepPolicy.safeParse(node.policy) : undefined;
  const esc = p.escalation;
  const conditions = esc?.conditions ?? [];
  const find = (kind: Kind) => conditions.find((c) => c.kind === kind);
  const setConditions = (next: EscalationCondition[]) =>
    put({ escalation: next.length ? { ...esc, conditions: CONDITIONS.flatMap((c) => next.filter((x) => x.kind === c.kind)) } : undefined }, "escalation");
  const replace = (cond: EscalationCondition) => setConditions(conditions.map((c) => (c.kind === cond.kind ? cond : c)));
  const cost = find("costAbove");
  const expr = find("expression");
  return (
    <>
      <div className="grid grid-cols-3 gap-2">
        <NumberField label="Retries" value={p.retries} disabled={disabled} onChange={(retries) => put({ retries }, "retries")} />
        <TextField label="Timeout" mono placeholder="5m" value={p.timeout ?? ""} disabled={disabled} onChange={(v) => put({ timeout: v || undefined }, "timeout")} />
        <NumberField label="Budget USD" step={0.01} value={p.budgetUsd} disabled={disabled} onChange={(budgetUsd) => put({ budgetUsd }, "budgetUsd")} />
      </div>
      <div className="grid grid-cols-3 gap-2">
        <SelectField
          label="Backoff"
          value={p.backoff?.kind ?? "none"}
          options={[{ value: "none", label: "default" }, { value: "fixed", label: "fixed" }, { value: "exponential", label: "exponential" }]}
          disabled={disabled}
          onChange={(kind) => put({ backoff: kind === "none" ? undefined : { kind, initial: p.backoff?.initial ?? "2s", ...(p.backoff?.max ? { max: p.backoff.max } : {}) } }, "backoff")}
        />
        {p.backoff ? (
          <>
            <TextField label="First wait" mono placeholder="2s" value={p.backoff.initial} disabled={disabled} onChange={(initial) => put({ backoff: { ...p.backoff!, initial } }, "backoff")} />
            <TextField label="Longest wait" mono placeholder="30s" value={p.backoff.max ?? ""} disabled={disabled} onChange={(max) => put({ backoff: { ...p.backoff!, max: max || undefined } }, "backoff")} />
          </>
        ) : null}
      </div>
      <fieldset className="space-y-1.5" data-testid="escalation-conditions">
        <legend className="text-xs font-medium text-zinc-600">Escalate to a person when</legend>
        {CONDITIONS.map(({ kind, label }) => (
          <label key={kind} className="flex items-center gap-1.5 text-xs text-zinc-700">
            <input
              type="checkbox"
              checked={Boolean(find(kind))}
              disabled={disabled}
              onChange={(e) => setConditions(e.target.checked ? [...conditions, fresh(kind)] : conditions.filter((c) => c.kind !== kind))}
            />
            {label}
          </label>
        ))}
        {cost?.kind === "costAbove" ? <NumberField label="Escalate above USD" step={0.01} value={cost.usd} disabled={disabled} onChange={(usd) => replace({ kind: "costAbove", usd: usd ?? 0 })} /> : null}
        {expr?.kind === "expression" ? <TextField label="Escalate when" mono hint="A condition over this step's output." value={expr.expr} disabled={disabled} onChange={(v) => replace({ kind: "expression", expr: v })} /> : null}
        {esc ? (
          <div className="grid grid-cols-2 gap-2">
            <SelectField
              label="Escalation role"
              value={esc.role ?? "reviewer"}
              options={(["reviewer", "operator", "admin"] as const).map((r) => ({ value: r, label: r }))}
              disabled={disabled}
              onChange={(role) => put({ escalation: { ...esc, role } }, "escalation")}
            />
            <TextField label="Escalation SLA" mono placeholder="e.g. 4h" value={esc.timeout ?? ""} disabled={disabled} onChange={(v) => put({ escalation: { ...esc, timeout: v || undefined } }, "escalation")} />
          </div>
        ) : null}
      </fieldset>
      {issues && !issues.success ? <p className="text-xs text-red-600">{issues.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</p> : null}
    </>
  );
}
