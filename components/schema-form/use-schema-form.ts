"use client";

import { useState } from "react";
import { validateData, type ContractIssue, type DataSchema } from "@/core/contracts";
import { issuesFromError } from "./field-issues";
import { initialValue } from "./value-model";

/**
 * State for one SchemaForm: the value (prefilled), and the issues to show. Nothing is flagged
 * before the first submit; after it, issues follow every edit (the same `validateData` the API
 * runs). A server refusal is shown on the fields until the value changes.
 */
export function useSchemaForm(schema: DataSchema, prefill: unknown, serverError: { data?: unknown } | null | undefined, errorPrefix: string) {
  const [value, setValue] = useState<unknown>(() => initialValue(schema, prefill));
  const [checked, setChecked] = useState(false);
  const [sent, setSent] = useState<unknown>(undefined);
  const clientIssues = checked ? validateData(schema, value) : [];
  const serverIssues = serverError && sent === value ? issuesFromError(serverError, errorPrefix) : [];
  const issues: ContractIssue[] = clientIssues.length > 0 ? clientIssues : serverIssues;
  return {
    value,
    setValue,
    issues,
    /** Marks the form as submitted; returns the value to send, or null when it does not fit the contract. */
    submit(): { value: unknown } | null {
      setChecked(true);
      if (validateData(schema, value).length > 0) return null;
      setSent(value);
      return { value };
    },
  };
}
