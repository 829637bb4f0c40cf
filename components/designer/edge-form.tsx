"use client";

import type { BranchWhen, Edge, ProcessGraph } from "@/core/graph";
import { SelectField, TextField } from "./inspector-fields";
import { referenceScope } from "./reference-scope";

/** A branch edge's condition, with the values the router's source field allows offered as choices. */
export function EdgeForm({ graph, edge, set, disabled }: { graph: ProcessGraph; edge: Edge; set: (e: Edge, field: string) => void; disabled: boolean }) {
  const source = graph.nodes.find((n) => n.id === edge.source);
  const field = source?.kind === "router" ? referenceScope(graph, source.id).find((e) => e.ref === source.source)?.schema : undefined;
  const values = field?.type === "string" && field.enum ? field.enum : field?.type === "boolean" ? ["true", "false"] : undefined;
  const numeric = field?.type === "number" || field?.type === "integer";
  const when = edge.when;
  const parse = (v: string): string | number | boolean => (field?.type === "boolean" ? v === "true" : numeric && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : v);
  const setWhen = (w: BranchWhen | undefined) => set({ ...edge, when: w }, "when");

  return (
    <div className="space-y-3">
      <p className="text-xs text-zinc-500">
        {source?.name ?? edge.source} → {graph.nodes.find((n) => n.id === edge.target)?.name ?? edge.target} · <span className="font-mono">{edge.kind ?? "default"}</span>
        {edge.sourceHandle ? <> · outlet <span className="font-mono">{edge.sourceHandle}</span></> : null}
      </p>
      <TextField label="Label" value={edge.label ?? ""} disabled={disabled} onChange={(label) => set({ ...edge, label: label || undefined }, "label")} />
      {edge.kind === "branch" ? (
        <>
          <SelectField
            label="Condition"
            value={when?.op ?? ""}
            options={[{ value: "eq", label: "equals" }, { value: "in", label: "is one of" }, ...(numeric ? [{ value: "range" as const, label: "is in range" }] : [])]}
            disabled={disabled}
            onChange={(op) => setWhen(op === "eq" ? { op, value: values?.[0] !== undefined ? parse(values[0]) : "" } : op === "in" ? { op, values: values?.length ? [values[0]!] : [""] } : { op: "range" })}
          />
          {when?.op === "eq" ? (
            values ? (
              <SelectField label="Value" value={String(when.value)} options={values.map((v) => ({ value: v, label: v }))} disabled={disabled} onChange={(v) => setWhen({ op: "eq", value: parse(v) })} />
            ) : (
              <TextField label="Value" value={String(when.value)} disabled={disabled} onChange={(v) => setWhen({ op: "eq", value: parse(v) })} />
            )
          ) : null}
          {when?.op === "in" ? (
            values ? (
              <fieldset className="space-y-1">
                <legend className="text-xs font-medium text-zinc-600">Values</legend>
                {values.map((v) => (
                  <label key={v} className="mr-3 inline-flex items-center gap-1 text-xs">
                    <input
                      type="checkbox"
                      disabled={disabled}
                      checked={when.values.includes(v)}
                      onChange={(e) => {
                        const next = e.target.checked ? [...when.values, v] : when.values.filter((x) => x !== v);
                        setWhen({ op: "in", values: next.length ? next : [v] });
                      }}
                    />
                    {v}
                  </label>
                ))}
              </fieldset>
            ) : (
              <TextField label="Values (comma-separated)" value={when.values.join(", ")} disabled={disabled} onChange={(v) => setWhen({ op: "in", values: v.split(",").map((s) => s.trim()).filter(Boolean).map((s) => parse(s) as string | number) })} />
            )
          ) : null}
          {when?.op === "range" ? (
            <div className="grid grid-cols-2 gap-2">
              {(["gte", "gt", "lte", "lt"] as const).map((k) => (
                <TextField key={k} label={{ gte: "≥", gt: ">", lte: "≤", lt: "<" }[k]} value={when[k]?.toString() ?? ""} disabled={disabled} onChange={(v) => setWhen({ ...when, [k]: v === "" ? undefined : Number(v) })} />
              ))}
            </div>
          ) : null}
          {!field ? <p className="text-xs text-amber-700">Pick the router&apos;s source field first: the values come from its type.</p> : null}
        </>
      ) : null}
    </div>
  );
}
