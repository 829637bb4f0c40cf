/** Client-safe display helpers for analytics and the calculator. */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value == null) return "—";
  return `${(value * 100).toFixed(digits)}%`;
}

const money = new Intl.NumberFormat("en", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });
const whole = new Intl.NumberFormat("en", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const tiny = new Intl.NumberFormat("en", { style: "currency", currency: "USD", maximumSignificantDigits: 3 });

/** Dollars with enough precision for sub-cent per-call figures. */
export function formatMoney(value: number | null | undefined): string {
  if (value == null) return "—";
  if (Math.abs(value) > 0 && Math.abs(value) < 0.01) return tiny.format(value);
  return Math.abs(value) >= 100 ? whole.format(value) : money.format(value);
}

export function formatCompact(value: number): string {
  return new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** The chart bucket a moment falls in (matches the server's labels). */
export function bucketLabel(d: Date, bucket: "hour" | "day"): string {
  const iso = d.toISOString();
  return bucket === "day" ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00:00Z`;
}

/** Every bucket of a window, oldest first, so gaps show as zero instead of vanishing. */
export function bucketsOf(from: Date, to: Date, bucket: "hour" | "day"): string[] {
  const step = bucket === "day" ? 864e5 : 3_600_000;
  const start = new Date(bucket === "day" ? `${from.toISOString().slice(0, 10)}T00:00:00Z` : `${from.toISOString().slice(0, 13)}:00:00Z`).getTime();
  const out: string[] = [];
  for (let t = start; t < to.getTime() && out.length < 2000; t += step) out.push(bucketLabel(new Date(t), bucket));
  return out;
}

/** The [from, to) window of one bucket label. */
export function bucketWindow(label: string, bucket: "hour" | "day"): { from: Date; to: Date } {
  const from = new Date(bucket === "day" ? `${label}T00:00:00Z` : label);
  return { from, to: new Date(from.getTime() + (bucket === "day" ? 864e5 : 3_600_000)) };
}
