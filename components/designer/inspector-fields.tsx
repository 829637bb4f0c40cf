"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { templateRefs } from "@/core/graph";
import { cn } from "@/components/ui/cn";
import { completionQuery, type ScopeEntry } from "./reference-scope";

/** Small form controls for the inspector: compact, labelled, with the zod issue under the field. */
const CONTROL =
  "block w-full rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:border-zinc-400 focus:outline-none focus:ring-2 focus:ring-zinc-900/10 disabled:bg-zinc-50 disabled:text-zinc-500 aria-invalid:border-red-400";

export function Row({ label, error, hint, htmlFor, children }: { label: string; error?: string; hint?: ReactNode; htmlFor?: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-zinc-600">
        {label}
      </label>
      {children}
      {error ? <p className="text-xs text-red-600">{error}</p> : hint ? <p className="text-xs text-zinc-500">{hint}</p> : null}
    </div>
  );
}

interface Common {
  label: string;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
  mono?: boolean;
}

export function TextField({ label, error, hint, disabled, mono, value, onChange, placeholder, inputRef }: Common & { value: string; onChange: (v: string) => void; placeholder?: string; inputRef?: React.Ref<HTMLInputElement> }) {
  const id = useId();
  return (
    <Row label={label} error={error} hint={hint} htmlFor={id}>
      <input ref={inputRef} id={id} className={cn(CONTROL, mono && "font-mono text-xs")} value={value} placeholder={placeholder} disabled={disabled} aria-invalid={Boolean(error)} onChange={(e) => onChange(e.target.value)} />
    </Row>
  );
}

export function NumberField({ label, error, hint, disabled, value, onChange, step }: Common & { value: number | undefined; onChange: (v: number | undefined) => void; step?: number }) {
  const id = useId();
  return (
    <Row label={label} error={error} hint={hint} htmlFor={id}>
      <input
        id={id}
        type="number"
        step={step}
        className={CONTROL}
        value={value ?? ""}
        disabled={disabled}
        aria-invalid={Boolean(error)}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    </Row>
  );
}

export function SelectField<T extends string>({ label, error, hint, disabled, value, onChange, options }: Common & { value: T | ""; onChange: (v: T) => void; options: ReadonlyArray<{ value: T; label: string }> }) {
  const id = useId();
  return (
    <Row label={label} error={error} hint={hint} htmlFor={id}>
      <select id={id} className={cn(CONTROL, "pr-8")} value={value} disabled={disabled} aria-invalid={Boolean(error)} onChange={(e) => onChange(e.target.value as T)}>
        {value === "" ? <option value="">Choose…</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Row>
  );
}

/**
 * A template field (prompt, URL, mapping value). Typing `{{` opens the references in scope at
 * this node with their types; references that are not in scope are listed in red under it.
 */
export function TemplateField({ label, error, hint, disabled, value, onChange, scope, rows = 1, allowSecrets, placeholder }: Common & { value: string; onChange: (v: string) => void; scope: readonly ScopeEntry[]; rows?: number; allowSecrets?: boolean; placeholder?: string }) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const matches = query ? scope.filter((e) => e.ref.toLowerCase().includes(query.query.toLowerCase())).slice(0, 12) : [];
  const known = new Set(scope.map((e) => e.ref));
  const unknown = templateRefs(value)
    .map((p) => p.expression)
    .filter((e) => !(allowSecrets && e.startsWith("secrets.")) && !known.has(e));

  const track = (text: string, caret: number) => {
    const q = completionQuery(text, caret);
    setQuery(q);
    setActive(0);
  };
  const insert = (entry: ScopeEntry) => {
    const el = ref.current;
    if (!el || !query) return;
    const caret = el.selectionStart;
    const next = `${value.slice(0, query.start)}{{ ${entry.ref} }}${value.slice(caret)}`;
    onChange(next);
    setQuery(null);
    const at = query.start + entry.ref.length + 6;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  return (
    <Row label={label} error={error ?? (unknown.length ? `Not in scope here: ${unknown.join(", ")}` : undefined)} hint={hint ?? "Type {{ to insert a reference."} htmlFor={id}>
      <div className="relative">
        <textarea
          ref={ref}
          id={id}
          rows={rows}
          className={cn(CONTROL, "resize-y font-mono text-xs leading-5", unknown.length > 0 && "underline decoration-red-500 decoration-wavy")}
          value={value}
          placeholder={placeholder}
          disabled={disabled}
          aria-invalid={Boolean(error) || unknown.length > 0}
          onChange={(e) => {
            onChange(e.target.value);
            track(e.target.value, e.target.selectionStart);
          }}
          onBlur={() => setTimeout(() => setQuery(null), 150)}
          onKeyDown={(e) => {
            if (!matches.length) return;
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => (a + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
            } else if (e.key === "Enter" || e.key === "Tab") {
              e.preventDefault();
              insert(matches[active]!);
            } else if (e.key === "Escape") {
              e.stopPropagation();
              setQuery(null);
            }
          }}
        />
        {matches.length ? (
          <ul role="listbox" aria-label="References in scope" className="absolute z-20 mt-1 max-h-60 w-full overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-xs shadow-lg">
            {matches.map((m, i) => (
              <li
                key={m.ref}
                role="option"
                aria-selected={i === active}
                className={cn("flex cursor-pointer items-center justify-between gap-2 px-2.5 py-1", i === active ? "bg-sky-50" : "hover:bg-zinc-50")}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insert(m);
                }}
              >
                <span className="truncate font-mono text-zinc-800">{m.ref}</span>
                <span className="shrink-0 text-zinc-400">{m.type}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Row>
  );
}

/** Key → template rows (input mappings, headers, end outputs). */
export function MappingField({ label, value, onChange, scope, disabled, keyPlaceholder = "field", allowSecrets, error }: { label: string; value: Record<string, string>; onChange: (v: Record<string, string>) => void; scope: readonly ScopeEntry[]; disabled?: boolean; keyPlaceholder?: string; allowSecrets?: boolean; error?: string }) {
  const entries = Object.entries(value);
  const set = (list: Array<[string, string]>) => onChange(Object.fromEntries(list));
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between">
        <span className="text-xs font-medium text-zinc-600">{label}</span>
        {!disabled ? (
          <button type="button" className="text-xs font-medium text-sky-700 hover:underline" onClick={() => set([...entries, [`${keyPlaceholder}${entries.length + 1}`, ""]])}>
            + Add
          </button>
        ) : null}
      </div>
      {entries.length === 0 ? <p className="text-xs text-zinc-400">None.</p> : null}
      {entries.map(([k, v], i) => (
        // Key above its template: the inspector is narrow and templates are the long part.
        <div key={i} className="space-y-1 rounded-md bg-zinc-50/70 p-1.5">
          <div className="flex items-center gap-1">
            <input aria-label={`${label} key ${i + 1}`} className={cn(CONTROL, "py-1 font-mono text-xs")} value={k} disabled={disabled} onChange={(e) => set(entries.map((row, j) => (j === i ? [e.target.value, row[1]] : row)))} />
            {!disabled ? (
              <button type="button" aria-label={`Remove ${k}`} className="px-1 text-zinc-400 hover:text-red-600" onClick={() => set(entries.filter((_, j) => j !== i))}>
                ×
              </button>
            ) : null}
          </div>
          <TemplateField label={`${k} =`} value={v} scope={scope} disabled={disabled} allowSecrets={allowSecrets} hint=" " onChange={(nv) => set(entries.map((row, j) => (j === i ? [row[0], nv] : row)))} />
        </div>
      ))}
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 border-t border-zinc-100 px-4 py-4 first:border-t-0">
      <h3 className="text-[11px] font-semibold uppercase tracking-wide text-zinc-400">{title}</h3>
      {children}
    </section>
  );
}
