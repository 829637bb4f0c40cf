"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { DataSchema } from "@/core/contracts";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field, Input } from "@/components/ui/field";
import { SchemaForm } from "@/components/schema-form/schema-form";
import { focusFirstInvalid, useFocusFirstControl } from "@/components/schema-form/focus";
import { useSchemaForm } from "@/components/schema-form/use-schema-form";
import { emptyValue } from "@/components/schema-form/value-model";
import { loadLastInput, saveLastInput } from "./input-schema";

/**
 * "Run": a form generated from the published version's trigger input schema. The input is
 * checked in the browser with the API's own validator, and again by the server (`runs.create`),
 * whose refusals land on the same fields. A started run opens at once.
 */
export function StartRunDialog({ slug, version, schema, onClose }: { slug: string; version: number; schema: DataSchema; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstControl(formRef);
  const [prefill] = useState(() => loadLastInput(slug));
  const [idempotencyKey, setIdempotencyKey] = useState("");
  const create = useMutation(
    trpc.runs.create.mutationOptions({
      onSuccess: (result, variables) => {
        saveLastInput(slug, variables.input);
        router.push(`/runs/${result.runId}`);
      },
    }),
  );
  const form = useSchemaForm(schema, prefill, create.error, "input");
  // Errors about the value are shown on its fields; anything else (no version, engine down) above them.
  const generalError = create.error && form.issues.length === 0 ? create.error.message : null;

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Run ${slug}`}
      description={
        <>
          Starts a run of v{version} with this input. {prefill !== undefined ? "Prefilled with the last input you started from this browser." : null}
        </>
      }
    >
      <form
        ref={formRef}
        noValidate
        className="space-y-5"
        aria-label="Run input"
        onSubmit={(e) => {
          e.preventDefault();
          const checked = form.submit();
          if (!checked) return focusFirstInvalid(formRef.current);
          const key = idempotencyKey.trim();
          create.mutate({ slug, input: checked.value, ...(key ? { idempotencyKey: key } : {}) });
        }}
      >
        {generalError ? <Alert title="The run did not start">{generalError}</Alert> : null}
        <SchemaForm schema={schema} value={form.value} onChange={form.setValue} issues={form.issues} idPrefix="run-input" disabled={create.isPending} />
        <details className="group rounded-md border border-zinc-200 px-3 py-2">
          <summary className="cursor-pointer text-xs font-medium text-zinc-600 select-none">Advanced</summary>
          <div className="pt-3">
            <Field
              label="Idempotency key"
              htmlFor="run-idempotency-key"
              hint="Optional. Starting again with the same key opens the earlier run instead of starting a second one."
            >
              <Input id="run-idempotency-key" value={idempotencyKey} maxLength={200} autoComplete="off" onChange={(e) => setIdempotencyKey(e.target.value)} placeholder="e.g. ticket-T-1" />
            </Field>
          </div>
        </details>
        <div className="sticky -bottom-5 -mx-5 -mb-5 flex items-center justify-between gap-3 rounded-b-xl border-t border-zinc-100 bg-white px-5 py-3">
          {prefill !== undefined ? (
            <Button variant="ghost" size="sm" disabled={create.isPending} onClick={() => form.setValue(emptyValue(schema))}>
              Clear
            </Button>
          ) : (
            <span />
          )}
          <DialogActions onCancel={onClose} busy={create.isPending} busyLabel="Starting…" label="Start run" />
        </div>
      </form>
    </Dialog>
  );
}
