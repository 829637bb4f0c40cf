"use client";

import { useRef } from "react";
import { DataSchema } from "@/core/contracts";
import { Button } from "@/components/ui/button";
import { SchemaForm } from "@/components/schema-form/schema-form";
import { useSchemaForm } from "@/components/schema-form/use-schema-form";
import { ANY_OBJECT } from "@/components/runs/input-schema";
import { focusFirstInvalid, useFocusFirstControl } from "@/components/schema-form/focus";

/**
 * The edit decision: the step's output contract as a form, prefilled with the proposed output,
 * each changed field marked against it, contract issues on the fields (the server's own check,
 * `output.<path>`, lands on the same fields). The raw JSON view stays one click away.
 */
export function EditDecisionForm({
  outputSchema,
  proposedOutput,
  serverError,
  busy,
  submitLabel,
  onSubmit,
  onCancel,
  onInvalid,
}: {
  outputSchema: unknown;
  proposedOutput: unknown;
  serverError: { data?: unknown } | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: (output: unknown) => void;
  onCancel: () => void;
  /** The form's own check failed: an earlier server refusal is stale now. */
  onInvalid?: () => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const parsed = DataSchema.safeParse(outputSchema);
  const schema = parsed.success ? parsed.data : ANY_OBJECT;
  const original = proposedOutput ?? {};
  const form = useSchemaForm(schema, original, serverError, "output");
  // Opened with "e", the edit goes on from the keyboard: focus starts on the first field.
  useFocusFirstControl(formRef);
  return (
    <form
      ref={formRef}
      noValidate
      aria-label="Corrected output"
      className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50/40 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const checked = form.submit();
        if (!checked) {
          onInvalid?.();
          return focusFirstInvalid(formRef.current);
        }
        onSubmit(checked.value);
      }}
    >
      <div>
        <h3 className="text-sm font-medium text-zinc-900">Corrected output</h3>
        <p className="text-xs text-zinc-500">Change what is wrong; Baton checks the result against the step&apos;s output contract before it continues.</p>
      </div>
      <SchemaForm schema={schema} value={form.value} onChange={form.setValue} issues={form.issues} original={original} idPrefix="escalation-output" disabled={busy} />
      <div className="flex gap-2 pt-1">
        <Button type="submit" disabled={busy}>
          {busy ? "Submitting…" : submitLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel edit
        </Button>
      </div>
    </form>
  );
}
