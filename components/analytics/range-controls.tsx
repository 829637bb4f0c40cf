"use client";

import { useQueryStates } from "nuqs";
import type { TransitionStartFunction } from "react";
import { Input, Select } from "@/components/ui/field";
import { analyticsSearchParams, RANGES } from "./search-params";

const LABELS: Record<(typeof RANGES)[number], string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", custom: "Custom…" };
const toInput = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");
const fromInput = (v: string) => (v ? new Date(`${v}:00Z`) : null);

/** Range (and version) picker; the choice lives in the URL so links and reloads keep it. */
export function RangeControls({ versions, startTransition }: { versions?: number[]; startTransition: TransitionStartFunction }) {
  const [f, set] = useQueryStates(analyticsSearchParams, { startTransition });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor="analytics-range" className="text-xs font-medium text-zinc-500">
        Range
      </label>
      <div className="w-40">
      <Select id="analytics-range" className="h-8" value={f.range} onChange={(e) => void set({ range: RANGES.find((r) => r === e.target.value) ?? "7d" })}>
        {RANGES.map((r) => (
          <option key={r} value={r}>
            {LABELS[r]}
          </option>
        ))}
      </Select>
      </div>
      {f.range === "custom" ? (
        <>
          <Input aria-label="From (UTC)" type="datetime-local" className="h-8 max-w-52" value={toInput(f.from)} onChange={(e) => void set({ from: fromInput(e.target.value) })} />
          <Input aria-label="To (UTC)" type="datetime-local" className="h-8 max-w-52" value={toInput(f.to)} onChange={(e) => void set({ to: fromInput(e.target.value) })} />
          {!f.from || !f.to || f.from >= f.to ? <span className="text-xs text-amber-700">Pick a start before the end (UTC); showing 7 days until then.</span> : null}
        </>
      ) : null}
      {versions ? (
        <>
          <label htmlFor="analytics-version" className="ml-2 text-xs font-medium text-zinc-500">
            Version
          </label>
          <div className="w-32">
          <Select id="analytics-version" className="h-8" value={f.version ?? ""} onChange={(e) => void set({ version: e.target.value ? Number(e.target.value) : null })}>
            <option value="">All versions</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </Select>
          </div>
        </>
      ) : null}
    </div>
  );
}
