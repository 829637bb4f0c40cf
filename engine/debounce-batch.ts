import { evalKey, matches } from "./expr.js";
import type { EventPayload } from "./store/types.js";
import { DAY_MS, Tx, type FnEntry } from "./engine-kernel.js";
import { FunctionRegistry } from "./function-registry.js";

/**
 * Events held for a run that has not started yet, one per function and key. Stored as the JSON value of the key
 * `debounce:<fnId>:<key>` / `batch:<fnId>:<key>`, written in the same transaction as the event that changed it,
 * so it survives restarts; `start()` re-arms a timer for each (overdue ones fire at once).
 */
type Held =
  | { kind: "debounce"; fnId: string; event: EventPayload; firstAt: number; dueAt: number }
  | { kind: "batch"; fnId: string; events: EventPayload[]; firstAt: number; dueAt: number };

/** Held state outlives its due time by this much before the key table may prune it (an engine down for days). */
const HELD_KEY_TTL = 30 * DAY_MS;

/**
 * Debounce and batching: an event that matches the trigger of a function with `debounce` or `batchEvents` does
 * not start a run at once. Debounce keeps the last event per key and starts the run `period` after it (at most
 * `timeout` after the first); a batch collects events per key and starts one run with all of them when it holds
 * `maxSize` events or `timeout` after its first event. Both apply to event triggers (not cron or invoke).
 */
export abstract class DebounceAndBatch extends FunctionRegistry {
  protected heldTimers = new Map<string, NodeJS.Timeout>();

  /** An event matched `fn`'s trigger: start a run now, or hold the event (debounce, batchEvents). */
  protected triggerRun(tx: Tx, fn: FnEntry, ev: EventPayload, depth: number): void {
    if (fn.debounce) return this.debounceEvent(tx, fn, ev, depth);
    if (fn.batch) return this.batchEvent(tx, fn, ev, depth);
    this.startRun(tx, fn, ev, undefined, depth);
  }

  private debounceEvent(tx: Tx, fn: FnEntry, ev: EventPayload, depth: number): void {
    const d = fn.debounce!;
    const now = this.now();
    const key = `debounce:${fn.rec.id}:${d.key ? (evalKey(d.key, { event: ev }) ?? "") : ""}`;
    const prev = this.takeOverdue(tx, key, now, depth);
    const firstAt = prev?.firstAt ?? now;
    // Each event restarts the period; `timeout` caps the delay from the first event of the burst.
    const dueAt = Math.min(now + d.period, d.timeout !== undefined ? firstAt + d.timeout : Infinity);
    this.putHeld(tx, key, { kind: "debounce", fnId: fn.rec.id, event: ev, firstAt, dueAt });
  }

  private batchEvent(tx: Tx, fn: FnEntry, ev: EventPayload, depth: number): void {
    const b = fn.batch!;
    // An event the batch's `if` does not admit is not batched: it starts a run of its own at once.
    if (b.if && !matches(b.if, { event: ev })) {
      this.startRun(tx, fn, ev, undefined, depth);
      return;
    }
    const now = this.now();
    const key = `batch:${fn.rec.id}:${b.key ? (evalKey(b.key, { event: ev }) ?? "") : ""}`;
    const prev = this.takeOverdue(tx, key, now, depth);
    const events = prev?.kind === "batch" ? [...prev.events, ev] : [ev];
    if (events.length >= b.maxSize) {
      if (prev) this.dropHeld(tx, key);
      this.startRun(tx, fn, events[0]!, undefined, depth, events);
      return;
    }
    this.putHeld(tx, key, { kind: "batch", fnId: fn.rec.id, events, firstAt: prev?.firstAt ?? now, dueAt: prev?.dueAt ?? now + b.timeout });
  }

  /** The held state of `key`; if it is already due (its timer has not fired yet), its run starts first. */
  private takeOverdue(tx: Tx, key: string, now: number, depth: number): Held | undefined {
    const held = this.heldOf(key);
    if (!held || held.dueAt > now) return held;
    this.release(tx, key, held, depth);
    return undefined;
  }

  protected heldOf(key: string): Held | undefined {
    const k = this.keys.get(key);
    if (!k || k.expiresAt <= this.now()) return undefined;
    try {
      return JSON.parse(k.value) as Held;
    } catch {
      return undefined;
    }
  }

  private putHeld(tx: Tx, key: string, held: Held): void {
    const rec = { key, value: JSON.stringify(held), expiresAt: held.dueAt + HELD_KEY_TTL };
    this.keys.set(key, rec);
    tx.ops.push({ op: "putKey", key: rec });
    tx.after.push(() => this.armHeld(key, held.dueAt));
  }

  private dropHeld(tx: Tx, key: string): void {
    this.keys.delete(key);
    const t = this.heldTimers.get(key);
    if (t) clearTimeout(t);
    this.heldTimers.delete(key);
    tx.ops.push({ op: "putKey", key: { key, value: "", expiresAt: this.now() } });
  }

  /** Starts the held run: the debounce's last event, or the batch (`event` = its first event). */
  private release(tx: Tx, key: string, held: Held, depth: number): void {
    this.dropHeld(tx, key);
    const fn = this.functions.get(held.fnId);
    if (!fn) {
      this.log.warn("held events dropped: function no longer registered", { functionId: held.fnId, key });
      return;
    }
    if (held.kind === "debounce") this.startRun(tx, fn, held.event, undefined, depth);
    else this.startRun(tx, fn, held.events[0]!, undefined, depth, held.events);
  }

  protected armHeld(key: string, dueAt: number): void {
    if (!this.started || this.stopping) return;
    const prev = this.heldTimers.get(key);
    if (prev) clearTimeout(prev);
    const t = setTimeout(() => void this.fireHeld(key), Math.min(Math.max(0, dueAt - this.now()), 2 ** 31 - 1));
    t.unref?.();
    this.heldTimers.set(key, t);
  }

  protected async fireHeld(key: string): Promise<void> {
    this.heldTimers.delete(key);
    if (!this.started) return;
    const held = this.heldOf(key);
    if (!held) return;
    if (held.dueAt > this.now()) return this.armHeld(key, held.dueAt);
    const tx = new Tx();
    this.release(tx, key, held, 0);
    await this.commit(tx).catch((err: unknown) => this.log.error("held run commit failed", { key, err: String(err) }));
  }

  /** After a (re)start: a timer for every held debounce / batch loaded from the key table. */
  protected armAllHeld(): void {
    for (const key of this.keys.keys()) {
      if (!key.startsWith("debounce:") && !key.startsWith("batch:")) continue;
      const held = this.heldOf(key);
      if (held) this.armHeld(key, held.dueAt);
    }
  }

  protected clearHeldTimers(): void {
    for (const t of this.heldTimers.values()) clearTimeout(t);
    this.heldTimers.clear();
  }
}
