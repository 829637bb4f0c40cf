import { DataSchema } from "@/core/contracts";

/**
 * The trigger input contract of a compiled plan. Plans reach the browser as `unknown`; a plan
 * whose schema does not parse yields null and the caller offers the raw JSON editor only.
 */
export function inputSchemaOf(plan: unknown): DataSchema | null {
  const candidate = typeof plan === "object" && plan !== null ? (plan as { inputSchema?: unknown }).inputSchema : undefined;
  const parsed = DataSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** Any JSON value: what the form edits when a plan has no readable contract. */
export const ANY_OBJECT: DataSchema = { type: "object", properties: {} };

const storageKey = (slug: string) => `baton:last-run-input:${slug}`;

/**
 * The last input started from this browser for a process, to prefill the next run. Only
 * browser-local (localStorage), never sent anywhere; unreadable storage just means no prefill.
 */
export function loadLastInput(slug: string): unknown {
  try {
    const text = globalThis.localStorage?.getItem(storageKey(slug));
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export function saveLastInput(slug: string, input: unknown): void {
  try {
    globalThis.localStorage?.setItem(storageKey(slug), JSON.stringify(input));
  } catch {
    // Storage full or disabled: the prefill is a convenience, the run has started anyway.
  }
}

/** Operators and admins start and rerun runs; reviewers only read them (the server enforces it). */
export function canRun(role: string): boolean {
  return role === "admin" || role === "operator";
}
