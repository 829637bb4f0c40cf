import type { NumberSchema, StringSchema } from "@/core/contracts";

// The subset has no `format`; these hints come from the field's name and bounds instead.
export const LONG_TEXT = /(body|text|description|content|message|reply|prompt|note|comment|summary|details|reason)$/i;
export const EMAIL = /e-?mail$/i;
export const URL_NAME = /(url|link|href|website)$/i;

/** Long prose gets a text area: by bound, by name, or because it already holds a paragraph. */
export function isLongText(schema: StringSchema, name: string | null, value: unknown): boolean {
  if (schema.maxLength !== undefined && schema.maxLength <= 120) return false;
  if (schema.maxLength !== undefined && schema.maxLength > 200) return true;
  if (typeof value === "string" && (value.length > 80 || value.includes("\n"))) return true;
  return name !== null && LONG_TEXT.test(name);
}

export function lengthHint(schema: StringSchema): string | undefined {
  const { minLength: min, maxLength: max } = schema;
  if (min !== undefined && max !== undefined) return `${min}–${max} characters`;
  if (min !== undefined) return `At least ${min} character${min === 1 ? "" : "s"}`;
  if (max !== undefined) return `At most ${max} character${max === 1 ? "" : "s"}`;
  return undefined;
}

export function boundsHint(schema: NumberSchema): string {
  const kind = schema.type === "integer" ? "Whole number" : "Number";
  const { minimum: min, maximum: max } = schema;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind}, at least ${min}`;
  if (max !== undefined) return `${kind}, at most ${max}`;
  return kind;
}

/** Parses what was typed; "" is unset, anything unparseable is kept as text for the validator to name. */
export function parseNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

