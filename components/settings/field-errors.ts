/**
 * The per-field messages the tRPC error formatter puts in `data.fieldErrors` when zod rejects an
 * input; null when there are none, so callers can fall back to the error's message.
 */
export function fieldErrorsOf(error: { data?: unknown } | null | undefined): Record<string, string[] | undefined> | null {
  const data = error?.data as { fieldErrors?: Record<string, string[] | undefined> | null } | null | undefined;
  const fieldErrors = data?.fieldErrors;
  return fieldErrors && Object.keys(fieldErrors).length > 0 ? fieldErrors : null;
}
