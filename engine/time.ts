/** Durations and time strings as the SDK sends them ("2s", "1h30m", "1w", ISO-8601 dates). */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Parses a duration string into milliseconds; undefined when it is not one. "" is 0 (the SDK's timeStr(0)). */
export function parseDuration(input: string): number | undefined {
  const s = input.trim();
  if (s === "") return 0;
  if (/^\d+$/.test(s)) return Number(s); // bare number: milliseconds
  if (!DURATION_RE.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(PART_RE)) total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  return total;
}

/** Resolves a duration or an absolute date string to an absolute epoch-ms time. */
export function resolveTime(input: unknown, now: number): number | undefined {
  if (typeof input === "number") return now + input;
  if (typeof input !== "string") return undefined;
  const d = parseDuration(input);
  if (d !== undefined) return now + d;
  const t = Date.parse(input);
  return Number.isNaN(t) ? undefined : t;
}

/** Parses a `retry-after` header: integer seconds or an HTTP/ISO date. Returns a delay in ms. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** Inngest's fixed retry table (attempt is the number of the attempt that failed, 0-based), plus 0–30 s jitter. */
const BACKOFF_TABLE_MS = [15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 1_200e3, 2_400e3, 3_600e3, 7_200e3];
export function defaultRetryBackoff(attempt: number): number {
  const base = BACKOFF_TABLE_MS[Math.min(attempt, BACKOFF_TABLE_MS.length - 1)] ?? 7_200e3;
  return base + Math.floor(Math.random() * 30_000);
}
