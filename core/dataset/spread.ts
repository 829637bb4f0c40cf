/**
 * The spread of values a dataset run produced: quantiles (linear interpolation between closest
 * ranks, as numpy's default) and per-field summaries of step outputs. Pure and small, so the
 * maths is unit-tested against hand-worked figures.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export type FieldSpread =
  /** Booleans, enums and other short value sets: how often each value came out. */
  | { field: string; kind: "distribution"; count: number; counts: Record<string, number> }
  | { field: string; kind: "numbers"; count: number; min: number; median: number; max: number }
  /** Free text (or arrays: their length as numbers is more useful, see below). */
  | { field: string; kind: "text"; count: number; distinct: number };

/** A string field with at most this many distinct values is shown as a distribution. */
export const MAX_DISTRIBUTION_VALUES = 12;

/**
 * Per top-level field of the outputs (objects; a bare value is field ""): booleans and strings
 * with few distinct values as counts, numbers as min / median / max, arrays by their length,
 * other strings as a distinct count. Fields in first-seen order.
 */
export function spreadOf(outputs: readonly unknown[]): FieldSpread[] {
  const byField = new Map<string, unknown[]>();
  for (const o of outputs) {
    const entries = o !== null && typeof o === "object" && !Array.isArray(o) ? Object.entries(o as Record<string, unknown>) : [["", o] as const];
    for (const [k, v] of entries) (byField.get(k) ?? byField.set(k, []).get(k)!).push(v);
  }
  const out: FieldSpread[] = [];
  for (const [field, raw] of byField) {
    const values = raw.filter((v) => v !== undefined && v !== null);
    if (values.length === 0) continue;
    if (values.every((v) => typeof v === "number")) {
      out.push(numbers(field, values as number[]));
    } else if (values.every((v) => Array.isArray(v))) {
      out.push(numbers(`${field}.length`, (values as unknown[][]).map((a) => a.length)));
    } else if (values.every((v) => typeof v === "boolean" || typeof v === "string")) {
      const counts: Record<string, number> = {};
      for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
      const distinct = Object.keys(counts).length;
      if (values.every((v) => typeof v === "boolean") || distinct <= MAX_DISTRIBUTION_VALUES) out.push({ field, kind: "distribution", count: values.length, counts: sortCounts(counts) });
      else out.push({ field, kind: "text", count: values.length, distinct });
    } else {
      out.push({ field, kind: "text", count: values.length, distinct: new Set(values.map((v) => JSON.stringify(v))).size });
    }
  }
  return out;
}

function numbers(field: string, values: number[]): FieldSpread {
  return { field, kind: "numbers", count: values.length, min: Math.min(...values), median: quantile(values, 0.5)!, max: Math.max(...values) };
}

/** Most frequent first, ties by value, so the same results always read the same. */
export function sortCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)));
}
