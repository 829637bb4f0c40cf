/**
 * Undo/redo over whole-graph snapshots (graphs are small, immutable and share unchanged nodes,
 * so a snapshot costs little). Changes with the same `group` within `burstMs` of each other are
 * one step: a drag's many moves or a word typed into a field undo together. Selection is not
 * history: it lives outside.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Group and time of the last change, for burst grouping. */
  last?: { group: string; at: number };
}

export const HISTORY_LIMIT = 200;
export const BURST_MS = 1000;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

export function record<T>(h: History<T>, next: T, opts: { group?: string; at: number }): History<T> {
  if (next === h.present) return h;
  const burst = opts.group !== undefined && h.last?.group === opts.group && opts.at - h.last.at <= BURST_MS;
  if (burst) return { ...h, present: next, future: [], last: { group: opts.group!, at: opts.at } };
  const past = [...h.past, h.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], last: opts.group !== undefined ? { group: opts.group, at: opts.at } : undefined };
}

export function undo<T>(h: History<T>): History<T> {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1]!, future: [h.present, ...h.future], last: undefined };
}

export function redo<T>(h: History<T>): History<T> {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1), last: undefined };
}

/** Replace everything (a reload from the server): nothing to undo into. */
export function reset<T>(present: T): History<T> {
  return createHistory(present);
}
