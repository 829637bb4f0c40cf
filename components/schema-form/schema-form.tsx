"use client";

import { useMemo, useState } from "react";
import type { ContractIssue, DataSchema } from "@/core/contracts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Textarea } from "@/components/ui/field";
import { FormScopeContext, type FormScope } from "./field-frame";
import { issuesByPath, unplacedIssues } from "./field-issues";
import { ObjectBody, SchemaField } from "./schema-field";
import { changedPaths, humanize, setAt } from "./value-model";

type Mode = "form" | "json";

function ModeToggle({ mode, onMode, idPrefix }: { mode: Mode; onMode: (mode: Mode) => void; idPrefix: string }) {
  const option = (m: Mode, text: string) => (
    <button
      type="button"
      aria-pressed={mode === m}
      aria-controls={`${idPrefix}-body`}
      onClick={() => onMode(m)}
      className={cn("rounded px-2.5 py-1 text-xs font-medium transition-colors", mode === m ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200" : "text-zinc-500 hover:text-zinc-800")}
    >
      {text}
    </button>
  );
  return (
    <div role="group" aria-label="Edit as" className="inline-flex rounded-md bg-zinc-100 p-0.5">
      {option("form", "Form")}
      {option("json", "JSON")}
    </div>
  );
}

/**
 * A form generated from a contract (core/contracts' JSON-Schema subset). Controlled: the parent
 * owns the JSON value and passes the issues to show, normally `validateData(schema, value)` once
 * the person has tried to submit, plus any the server returned (`issuesFromError`). With
 * `original`, every field that differs from it is marked (the inbox's edit decision).
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  issues = [],
  original,
  idPrefix,
  disabled = false,
  label,
}: {
  schema: DataSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  issues?: readonly ContractIssue[];
  original?: unknown;
  /** Prefix for field ids; unique per form on the page. */
  idPrefix: string;
  disabled?: boolean;
  /** Label of a root that is not an object (an object's fields carry their own labels). */
  label?: string;
}) {
  // A contract with no fields (unknown shape) has nothing to show as a form: start in JSON.
  const [mode, setMode] = useState<Mode>(() => (schema.type === "object" && Object.keys(schema.properties).length === 0 ? "json" : "form"));
  const [jsonText, setJsonText] = useState(() => (mode === "json" ? JSON.stringify(value ?? null, null, 2) : ""));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const diffMode = original !== undefined;
  const changedList = useMemo(() => (diffMode ? changedPaths(schema, original, value) : []), [diffMode, schema, original, value]);

  const scope: FormScope = {
    value,
    set: (path, next) => onChange(setAt(value, path, next)),
    update: (transform) => onChange(transform(value)),
    issues: issuesByPath(issues),
    changed: diffMode ? new Set(changedList) : null,
    original,
    idPrefix,
    disabled,
  };
  const unplaced = unplacedIssues(schema, issues);

  const switchMode = (next: Mode) => {
    if (next === mode) return;
    // The text is rebuilt from the value each time, so the two views never disagree.
    if (next === "json") setJsonText(JSON.stringify(value ?? null, null, 2));
    setJsonError(null);
    setMode(next);
  };

  return (
    <div className="space-y-3" data-testid="schema-form">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          {diffMode ? (
            <>
              <span data-testid="changed-count">
                {changedList.length === 0 ? "No changes" : `${changedList.length} field${changedList.length === 1 ? "" : "s"} changed`}
              </span>
              {changedList.length > 0 ? (
                <Button variant="ghost" size="sm" disabled={disabled} onClick={() => onChange(structuredClone(original))}>
                  Undo changes
                </Button>
              ) : null}
            </>
          ) : issues.length > 0 ? (
            <span className="text-red-600" data-testid="issue-count">
              {issues.length === 1 ? "1 problem" : `${issues.length} problems`} to fix before this can be sent
            </span>
          ) : (
            <span>
              Fields marked <span className="text-red-600">*</span> are required.
            </span>
          )}
        </div>
        <ModeToggle mode={mode} onMode={switchMode} idPrefix={idPrefix} />
      </div>

      {unplaced.length > 0 ? (
        <Alert title="The value does not fit the contract">
          <ul className="list-disc pl-4 text-xs" data-testid="form-issues">
            {unplaced.map((i) => (
              <li key={`${i.path}-${i.message}`}>{i.message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      <FormScopeContext.Provider value={scope}>
        <div id={`${idPrefix}-body`}>
          {mode === "json" ? (
            <div>
              <label htmlFor={`${idPrefix}-json`} className="mb-1.5 block text-sm font-medium text-zinc-700">
                Value as JSON
              </label>
              <Textarea
                id={`${idPrefix}-json`}
                className="min-h-64 font-mono text-xs"
                spellCheck={false}
                value={jsonText}
                disabled={disabled}
                aria-invalid={Boolean(jsonError) || issues.length > 0 || undefined}
                onChange={(e) => {
                  setJsonText(e.target.value);
                  try {
                    onChange(JSON.parse(e.target.value));
                    setJsonError(null);
                  } catch (err) {
                    // Keep the last valid value; the form view shows it until the JSON parses again.
                    setJsonError(`Not valid JSON yet: ${err instanceof Error ? err.message : String(err)}`);
                  }
                }}
              />
              {jsonError ? (
                <p className="mt-1.5 text-xs text-red-600">{jsonError}</p>
              ) : issues.length > 0 ? (
                <ul className="mt-1.5 space-y-0.5 text-xs text-red-600" data-testid="json-issues">
                  {issues.map((i) => (
                    <li key={`${i.path}-${i.message}`}>{i.message}</li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1.5 text-xs text-zinc-500">Edits here update the form; the same contract check applies.</p>
              )}
            </div>
          ) : schema.type === "object" ? (
            <ObjectBody schema={schema} path={[]} />
          ) : (
            <SchemaField schema={schema} path={[]} label={label ?? humanize("value")} name={null} required />
          )}
        </div>
      </FormScopeContext.Provider>
    </div>
  );
}
