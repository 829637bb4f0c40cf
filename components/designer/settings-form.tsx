"use client";

import { BudgetAction, ProcessSettings } from "@/core/graph";
import { NumberField, Section, SelectField } from "./inspector-fields";

/**
 * The process settings shown when nothing is selected: the daily budget (USD per UTC day over
 * production runs, checked when a run starts) and the run budget with its breach action. The
 * other settings stay in the JSON view. Checked with the core zod schema on every keystroke.
 */
export function SettingsForm({ settings, disabled, onChange }: { settings: ProcessSettings | undefined; disabled: boolean; onChange: (next: ProcessSettings | undefined, field: string) => void }) {
  const s = settings ?? {};
  const put = (patch: Partial<ProcessSettings>, field: string) => {
    const next = Object.fromEntries(Object.entries({ ...s, ...patch }).filter(([, v]) => v !== undefined)) as ProcessSettings;
    onChange(Object.keys(next).length ? next : undefined, field);
  };
  const parsed = settings ? ProcessSettings.safeParse(settings) : undefined;
  const issue = (path: string) => (parsed && !parsed.success ? parsed.error.issues.find((i) => i.path.join(".") === path)?.message : undefined);
  const budget = s.budget;
  return (
    <div data-testid="process-settings">
      <Section title="Process budgets">
        <NumberField
          label="Daily budget USD"
          step={0.01}
          value={s.dailyBudgetUsd}
          disabled={disabled}
          error={issue("dailyBudgetUsd")}
          hint="Per UTC day, production runs only. Once today's runs cost this much, new runs are refused until 00:00 UTC; runs already started finish."
          onChange={(dailyBudgetUsd) => put({ dailyBudgetUsd }, "dailyBudgetUsd")}
        />
        <div className="grid grid-cols-2 gap-2">
          <NumberField
            label="Run budget USD"
            step={0.01}
            value={budget?.perRunUsd}
            disabled={disabled}
            error={issue("budget.perRunUsd")}
            onChange={(perRunUsd) => put({ budget: perRunUsd === undefined ? undefined : { onBreach: "fail", ...budget, perRunUsd } }, "budget.perRunUsd")}
          />
          <SelectField
            label="On breach"
            value={budget?.onBreach ?? ""}
            disabled={disabled || !budget}
            options={BudgetAction.options.map((a) => ({ value: a, label: a }))}
            onChange={(onBreach) => budget && put({ budget: { ...budget, onBreach } }, "budget.onBreach")}
          />
        </div>
      </Section>
    </div>
  );
}
