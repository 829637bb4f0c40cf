"use client";

import { createContext, useContext, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import type { FieldIssues } from "./field-issues";
import { getAt, pathKey, type Path } from "./value-model";

/** What every field of one form shares: the value, where to write, issues and the diff base. */
export interface FormScope {
  value: unknown;
  set: (path: Path, next: unknown) => void;
  update: (transform: (value: unknown) => unknown) => void;
  issues: FieldIssues;
  /** Dotted paths that differ from `original`; null when the form is not in diff mode. */
  changed: ReadonlySet<string> | null;
  original: unknown;
  idPrefix: string;
  disabled: boolean;
}

export const FormScopeContext = createContext<FormScope | null>(null);

export function useFormScope(): FormScope {
  const scope = useContext(FormScopeContext);
  if (!scope) throw new Error("Schema form fields render inside <SchemaForm>.");
  return scope;
}

/** A DOM id for a field, stable for its path (`run-input-ticket-plan`). */
export function fieldId(scope: FormScope, path: Path): string {
  return `${scope.idPrefix}-${path.map(String).join("-").replace(/[^A-Za-z0-9_-]/g, "_") || "root"}`;
}

/** Is this field, or anything inside it, changed from the original? */
export function isChanged(scope: FormScope, path: Path): boolean {
  if (!scope.changed) return false;
  const key = pathKey(path);
  if (scope.changed.has(key)) return true;
  for (const c of scope.changed) if (key === "" || c.startsWith(`${key}.`)) return true;
  return false;
}

function previewOf(value: unknown): string {
  if (value === undefined) return "not set";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function RequiredMark() {
  return (
    <span className="ml-0.5 text-red-600" aria-hidden="true" title="Required">
      *
    </span>
  );
}

export function ChangedBadge() {
  return (
    <span className="ml-2 inline-flex items-center rounded bg-amber-50 px-1.5 py-px text-[11px] font-medium text-amber-800 ring-1 ring-amber-200 ring-inset" data-testid="field-changed">
      changed
    </span>
  );
}

/**
 * Label, control, then one line below it: the error if there is one, else the description and
 * hint. In diff mode a changed field is marked and shows what it was.
 */
export function FieldFrame({
  path,
  label,
  required,
  description,
  hint,
  inline = false,
  children,
}: {
  path: Path;
  label: string;
  required: boolean;
  description?: string | undefined;
  hint?: string | undefined;
  inline?: boolean;
  children: ReactNode;
}) {
  const scope = useFormScope();
  const id = fieldId(scope, path);
  const errors = scope.issues[pathKey(path)] ?? [];
  const changed = isChanged(scope, path);
  const help = [description, hint].filter(Boolean).join(" · ");
  return (
    <div className={cn(changed && "-ml-3 border-l-2 border-amber-300 pl-2.5")} data-field-path={pathKey(path)}>
      {inline ? (
        <div className="flex items-center gap-2">
          {children}
          {/* The mark sits outside the label so the field's accessible name is the label alone. */}
          <label htmlFor={id} className="text-sm font-medium text-zinc-700">
            {label}
          </label>
          {required ? <RequiredMark /> : null}
          {changed ? <ChangedBadge /> : null}
        </div>
      ) : (
        <>
          <div className="mb-1.5 flex items-center">
            <label htmlFor={id} className="text-sm font-medium text-zinc-700">
              {label}
            </label>
            {required ? <RequiredMark /> : null}
            {changed ? <ChangedBadge /> : null}
          </div>
          {children}
        </>
      )}
      {errors.length > 0 ? (
        <p id={`${id}-error`} className="mt-1.5 text-xs text-red-600" data-testid="field-error">
          {errors.join(" · ")}
        </p>
      ) : help ? (
        <p id={`${id}-help`} className="mt-1.5 text-xs text-zinc-500">
          {help}
        </p>
      ) : null}
      {changed ? (
        <p className="mt-1 text-xs text-amber-800">
          Was: <span className="font-mono break-all">{previewOf(getAt(scope.original, path))}</span>
        </p>
      ) : null}
    </div>
  );
}

/** The aria attributes a control needs to be announced with its error or help line. */
export function controlAria(scope: FormScope, path: Path, required: boolean, hasHelp: boolean) {
  const id = fieldId(scope, path);
  const invalid = (scope.issues[pathKey(path)] ?? []).length > 0;
  return {
    id,
    "aria-invalid": invalid || undefined,
    "aria-required": required || undefined,
    "aria-describedby": invalid ? `${id}-error` : hasHelp ? `${id}-help` : undefined,
  };
}
