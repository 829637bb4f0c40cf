/** Client-safe display helpers shared by runs, inbox and processes. */
const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });
const shortDateTime = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const integer = new Intl.NumberFormat("en");
// Step costs are often fractions of a cent: keep 4–6 decimals so "why is this step expensive" stays readable.
const usd = new Intl.NumberFormat("en", { style: "currency", currency: "USD", minimumFractionDigits: 4, maximumFractionDigits: 6 });
const tinyUsd = new Intl.NumberFormat("en", { style: "currency", currency: "USD", maximumSignificantDigits: 2 });

export function formatDateTime(value: Date): string {
  return dateTime.format(value);
}

export function formatShortDateTime(value: Date): string {
  return shortDateTime.format(value);
}

export function formatUsd(value: number): string {
  if (value > 0 && value < 0.000001) return tinyUsd.format(value);
  return usd.format(value);
}

export function formatInt(value: number): string {
  return integer.format(value);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.round(s % 60)}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

/** Pretty JSON for display; `undefined`/`null` read as absent. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return "";
  try {
    return JSON.stringify(value, null, 2) ?? "";
  } catch {
    return String(value);
  }
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "object" && !Array.isArray(value) && Object.keys(value as object).length === 0);
}
