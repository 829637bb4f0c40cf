"use client";

import { useId, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import type { RunsFilter } from "./search-params";
import { RUN_TRIGGERS } from "./status";

/** `<input type="date">` value (UTC day) of a filter date, and back. */
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
const fromDay = (v: FormDataEntryValue | null) => (typeof v === "string" && v ? new Date(`${v}T00:00:00.000Z`) : null);
const num = (v: FormDataEntryValue | null) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);
const text = (v: FormDataEntryValue | null) => (typeof v === "string" && v.trim() ? v.trim() : null);

/**
 * Search (run id or idempotency key), process, trigger, real / test runs, creation day range and cost range. Applied
 * together on submit (not per keystroke: each change is a new query and a new URL); the status
 * select sits in the card header and applies at once. `to` is exclusive, so the day picked for
 * "to" is included by moving the bound to the next midnight.
 */
export function RunsFilters({ filter, onApply }: { filter: RunsFilter; onApply: (next: Partial<RunsFilter>) => void }) {
  const toDay = filter.to ? new Date(filter.to.getTime() - 864e5) : null;
  return (
    <form
      key={JSON.stringify(filter)}
      aria-label="Run filters"
      className="flex flex-wrap items-end gap-2 border-b border-zinc-100 px-5 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const to = fromDay(f.get("to"));
        const processName = text(f.get("process"));
        onApply({
          search: text(f.get("search")),
          process: processName,
          version: processName === filter.process ? filter.version : null,
          trigger: RUN_TRIGGERS.find((t) => t === f.get("trigger")) ?? null,
          // An untouched day keeps the exact bound an analytics link set.
          from: f.get("from") === day(filter.from) ? filter.from : fromDay(f.get("from")),
          to: f.get("to") === day(toDay) ? filter.to : to ? new Date(to.getTime() + 864e5) : null,
          minCost: num(f.get("minCost")),
          maxCost: num(f.get("maxCost")),
          kind: f.get("kind") === "test" ? "test" : f.get("kind") === "all" ? "all" : null,
        });
      }}
    >
      <FilterField label="Search" className="w-56">
        {(id) => (
          <Input id={id} name="search" defaultValue={filter.search ?? ""} placeholder="run_… or idempotency key" className="h-8 font-mono text-xs" />
        )}
      </FilterField>
      <FilterField label="Process" className="w-36">
        {(id) => (
          <Input id={id} name="process" defaultValue={filter.process ?? ""} placeholder="slug" className="h-8" />
        )}
      </FilterField>
      <FilterField label="Trigger" className="w-32">
        {(id) => (
          <Select id={id} name="trigger" defaultValue={filter.trigger ?? ""} className="h-8">
            <option value="">Any</option>
            {RUN_TRIGGERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        )}
      </FilterField>
      <FilterField label="Kind" className="w-36">
        {(id) => (
          <Select id={id} name="kind" defaultValue={filter.kind ?? ""} className="h-8" title="Test runs are the designer's runs of unpublished drafts">
            <option value="">Real runs</option>
            <option value="test">Test runs</option>
            <option value="all">Real and test runs</option>
          </Select>
        )}
      </FilterField>
      <FilterField label="Created from" className="w-36">
        {(id) => (
          <Input id={id} type="date" name="from" defaultValue={day(filter.from)} className="h-8" />
        )}
      </FilterField>
      <FilterField label="Created to" className="w-36">
        {(id) => (
          <Input id={id} type="date" name="to" defaultValue={day(toDay)} className="h-8" />
        )}
      </FilterField>
      <FilterField label="Cost from $" className="w-24">
        {(id) => (
          <Input id={id} type="number" name="minCost" min={0} step="any" defaultValue={filter.minCost ?? ""} className="h-8" />
        )}
      </FilterField>
      <FilterField label="Cost to $" className="w-24">
        {(id) => (
          <Input id={id} type="number" name="maxCost" min={0} step="any" defaultValue={filter.maxCost ?? ""} className="h-8" />
        )}
      </FilterField>
      <Button type="submit" size="sm" variant="secondary" className="mb-0.5">
        Apply
      </Button>
    </form>
  );
}

/** A label above its control, tied by id (a wrapping label would name a select by its options too). */
function FilterField({ label, className, children }: { label: string; className: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`flex flex-col ${className}`}>
      <label htmlFor={id} className="text-xs text-zinc-500">
        {label}
      </label>
      {children(id)}
    </div>
  );
}
