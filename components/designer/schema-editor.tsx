"use client";

import { useState } from "react";
import { DataSchema, type ObjectSchema } from "@/core/contracts";
import { cn } from "@/components/ui/cn";
import { FIELD_TYPES, fieldProblems, newFieldName, rowsForSchema, schemaOf, type FieldType, type SchemaField } from "./schema-fields";

/**
 * A contract edited as a list of fields (name, type, required, enum values, description,
 * nested objects and arrays), with the raw JSON Schema one click away for power users.
 */
const INPUT = "rounded border border-zinc-200 bg-white px-1.5 py-1 text-xs focus:border-zinc-400 focus:outline-none disabled:bg-zinc-50";

function FieldRows({ fields, onChange, disabled, depth }: { fields: SchemaField[]; onChange: (f: SchemaField[]) => void; disabled?: boolean; depth: number }) {
  const set = (i: number, patch: Partial<SchemaField>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const setType = (i: number, type: FieldType) =>
    set(i, {
      type,
      enum: type === "string" ? fields[i]!.enum : undefined,
      fields: type === "object" ? (fields[i]!.fields ?? []) : undefined,
      item: type === "array" ? (fields[i]!.item ?? { name: "item", type: "string", required: true }) : undefined,
      extra: undefined,
    });
  return (
    <div className={cn("space-y-1.5", depth > 0 && "border-l-2 border-zinc-100 pl-2")}>
      {fields.map((f, i) => (
        <div key={i} className="space-y-1 rounded-md bg-zinc-50/70 p-1.5" data-testid="schema-field">
          <div className="flex items-center gap-1">
            <input aria-label="Field name" className={cn(INPUT, "w-24 min-w-0 flex-1 font-mono")} value={f.name} disabled={disabled} onChange={(e) => set(i, { name: e.target.value })} />
            <select aria-label={`Type of ${f.name}`} className={cn(INPUT, "w-20")} value={f.type} disabled={disabled} onChange={(e) => setType(i, e.target.value as FieldType)}>
              {FIELD_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <label className="flex items-center gap-1 text-[11px] text-zinc-600" title="Required">
              <input type="checkbox" checked={f.required} disabled={disabled} onChange={(e) => set(i, { required: e.target.checked })} />
              req
            </label>
            {!disabled ? (
              <button type="button" aria-label={`Remove field ${f.name}`} className="px-1 text-zinc-400 hover:text-red-600" onClick={() => onChange(fields.filter((_, j) => j !== i))}>
                ×
              </button>
            ) : null}
          </div>
          {f.type === "string" ? (
            <input
              aria-label={`Allowed values of ${f.name}`}
              className={cn(INPUT, "w-full")}
              placeholder="Allowed values, comma-separated (optional enum)"
              value={f.enum?.join(", ") ?? ""}
              disabled={disabled}
              onChange={(e) => {
                const values = e.target.value.split(",").map((v) => v.trim()).filter(Boolean);
                set(i, { enum: values.length ? values : undefined });
              }}
            />
          ) : null}
          <input aria-label={`Description of ${f.name}`} className={cn(INPUT, "w-full")} placeholder="Description" value={f.description ?? ""} disabled={disabled} onChange={(e) => set(i, { description: e.target.value || undefined })} />
          {f.type === "object" ? <FieldRows fields={f.fields ?? []} onChange={(nested) => set(i, { fields: nested })} disabled={disabled} depth={depth + 1} /> : null}
          {f.type === "array" ? (
            <div className="space-y-1 pl-2">
              <label className="flex items-center gap-1.5 text-[11px] text-zinc-600">
                items
                <select aria-label={`Item type of ${f.name}`} className={INPUT} value={f.item?.type ?? "string"} disabled={disabled} onChange={(e) => set(i, { item: { name: "item", required: true, type: e.target.value as FieldType, fields: e.target.value === "object" ? [] : undefined } })}>
                  {FIELD_TYPES.filter((t) => t !== "array").map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </label>
              {f.item?.type === "object" ? <FieldRows fields={f.item.fields ?? []} onChange={(nested) => set(i, { item: { ...f.item!, fields: nested } })} disabled={disabled} depth={depth + 1} /> : null}
            </div>
          ) : null}
        </div>
      ))}
      {!disabled ? (
        <button type="button" className="text-xs font-medium text-sky-700 hover:underline" onClick={() => onChange([...fields, { name: newFieldName(fields), type: "string", required: true }])}>
          + Field
        </button>
      ) : null}
    </div>
  );
}

export function SchemaEditor({ label, schema, onChange, disabled }: { label: string; schema: DataSchema; onChange: (s: DataSchema) => void; disabled?: boolean }) {
  const [raw, setRaw] = useState<string | null>(null);
  const [rawError, setRawError] = useState<string | null>(null);
  // The rows as edited, so a cleared or repeated name keeps its row (see rowsForSchema).
  const [editing, setEditing] = useState<SchemaField[] | null>(null);
  const object = schema.type === "object" ? (schema as ObjectSchema) : null;
  const { type: _t, properties: _p, required: _r, ...extra } = object ?? ({} as Partial<ObjectSchema>);
  const fields = object ? rowsForSchema(object, editing, extra) : [];
  const problems = fieldProblems(fields);

  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between">
        <span className="text-xs font-medium text-zinc-600">{label}</span>
        <button
          type="button"
          className="text-xs text-zinc-500 hover:text-zinc-900"
          onClick={() => {
            setRaw(raw === null ? JSON.stringify(schema, null, 2) : null);
            setRawError(null);
          }}
        >
          {raw === null ? "JSON" : "Fields"}
        </button>
      </div>
      {raw !== null || !object ? (
        <>
          <textarea
            aria-label={`${label} as JSON Schema`}
            className="block h-48 w-full rounded-md border border-zinc-200 p-2 font-mono text-[11px] leading-4"
            value={raw ?? JSON.stringify(schema, null, 2)}
            disabled={disabled}
            onChange={(e) => {
              setRaw(e.target.value);
              try {
                const parsed = DataSchema.safeParse(JSON.parse(e.target.value));
                if (parsed.success) {
                  setRawError(null);
                  onChange(parsed.data);
                } else setRawError(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "));
              } catch (err) {
                setRawError((err as Error).message);
              }
            }}
          />
          {rawError ? <p className="text-xs text-red-600">{rawError}</p> : null}
        </>
      ) : (
        <FieldRows
          fields={fields}
          onChange={(next) => {
            setEditing(next);
            onChange(schemaOf(next, extra));
          }} disabled={disabled} depth={0} />
      )}
      {problems.length ? <p className="text-xs text-red-600">{problems.join(" ")}</p> : null}
    </div>
  );
}
