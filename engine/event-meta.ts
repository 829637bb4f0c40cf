/**
 * What the Inngest server does to an event's `meta` on ingest. The SDK stamps `meta.propagated_sessions`
 * (the sending run's sessions) next to the user's own `meta.sessions`; the server merges the two layers into
 * `meta.sessions` (RFC 7386: the manual layer wins per key, a `null` value cuts an inherited key, a `null`
 * field clears them all) so a function only ever receives `meta.sessions` as strings.
 */

/** Server cap on sessions per event (the SDK's MAX_EVENT_SESSIONS mirrors it). */
const MAX_EVENT_SESSIONS = 5;

export function mergeEventMeta(meta: unknown): Record<string, unknown> | undefined {
  if (!meta || typeof meta !== "object" || Array.isArray(meta)) return undefined;
  const { sessions: manual, propagated_sessions: propagated, ...rest } = meta as Record<string, unknown>;
  const merged = new Map<string, string>();
  if (manual !== null && propagated && typeof propagated === "object" && !Array.isArray(propagated))
    for (const [k, v] of Object.entries(propagated)) if (k && (typeof v === "string" || typeof v === "number")) merged.set(k, String(v));
  if (manual && typeof manual === "object" && !Array.isArray(manual))
    for (const [k, v] of Object.entries(manual)) {
      if (!k) continue;
      if (v === null) merged.delete(k);
      else if (typeof v === "string" || typeof v === "number") merged.set(k, String(v));
    }
  const out: Record<string, unknown> = { ...rest };
  if (merged.size > 0) {
    const entries = [...merged.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    out.sessions = Object.fromEntries(entries.slice(0, MAX_EVENT_SESSIONS));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
