import { mergeEventMeta } from "./event-meta.js";
import { matches } from "./expr.js";
import { idsFromSeed, newId } from "./ids.js";
import { eventInputSchema, type Op } from "./protocol.js";
import type { EventPayload, EventRecord, WaiterRecord } from "./store/types.js";
import { parseDuration, resolveTime } from "./time.js";
import { DAY_MS, EngineError, INVOKED_EVENT, Tx, type LiveRun } from "./engine-kernel.js";
import { DebounceAndBatch } from "./debounce-batch.js";

/** Events and waiters: the event API, routing an event (cancelOn rules, waitForEvent waiters, triggers), the recent-event buffer and waitForEvent registration. */
export abstract class EventRouter extends DebounceAndBatch {
  /**
   * Accepts events (the event API). Returns one id per event. Events are persisted and routed
   * (cancellations, waiters, triggers) in one transaction before this resolves.
   */
  async send(input: unknown, opts: { seed?: string | null } = {}): Promise<string[]> {
    this.assertStarted();
    const list = Array.isArray(input) ? input : [input];
    const parsed = list.map((e, i) => {
      const r = eventInputSchema.safeParse(e);
      if (!r.success) throw new EngineError(400, `event ${i} is invalid: ${r.error.issues[0]?.message ?? "bad event"}`);
      return r.data;
    });
    const now = this.now();
    const seeded = idsFromSeed(opts.seed, parsed.length);
    const tx = new Tx();
    const ids: string[] = [];
    const records: EventRecord[] = [];
    parsed.forEach((e, i) => {
      const id = seeded?.[i] ?? newId(now);
      ids.push(id);
      if (this.recentEventIds.has(id)) return; // a retried POST of a batch we already have
      this.recentEventIds.set(id, now);
      const userId = typeof e.id === "string" && e.id !== "" ? e.id : undefined;
      if (userId) {
        const k = `event:${userId}`;
        const existing = this.keys.get(k);
        if (existing && existing.expiresAt > now) return; // user-supplied id seen within 24 h
        const key = { key: k, value: id, expiresAt: now + DAY_MS };
        this.keys.set(k, key);
        tx.ops.push({ op: "putKey", key });
      }
      const payload: EventPayload = {
        ...e,
        name: e.name,
        data: (e.data ?? {}) as Record<string, unknown>,
        id: userId ?? id,
        ts: typeof e.ts === "number" ? e.ts : now,
        user: e.user && typeof e.user === "object" ? e.user : {},
      } as EventPayload;
      if (payload.v === null) delete payload.v;
      const meta = mergeEventMeta(e.meta);
      if (meta) payload.meta = meta;
      else delete payload.meta;
      records.push({ id, name: payload.name, payload, receivedAt: now });
    });
    if (records.length) {
      tx.ops.push({ op: "addEvents", events: records });
      for (const r of records) this.route(tx, r, 0);
    }
    await this.commit(tx);
    return ids;
  }

  /** Internal events (function.finished, failed, cancelled) are persisted and routed inside the same transition. */
  protected emit(tx: Tx, name: string, data: Record<string, unknown>, depth: number): void {
    const now = this.now();
    const payload: EventPayload = { name, data, id: newId(now), ts: now, user: {} };
    const rec: EventRecord = { id: payload.id, name, payload, receivedAt: now };
    this.recentEventIds.set(rec.id, now);
    tx.ops.push({ op: "addEvents", events: [rec] });
    this.route(tx, rec, depth + 1);
  }

  protected route(tx: Tx, rec: EventRecord, depth: number): void {
    if (depth > 8) {
      this.log.warn("event routing depth exceeded", { name: rec.name });
      return;
    }
    const ev = rec.payload;
    // 1. cancelOn rules of running runs
    for (const { fn, rule } of this.cancelByName.get(ev.name) ?? []) {
      const runs = this.runsByFn.get(fn.rec.id);
      if (!runs) continue;
      for (const run of [...runs]) {
        if (run.rec.status !== "Running") continue;
        if (rule.timeout) {
          const d = parseDuration(rule.timeout);
          if (d !== undefined && rec.receivedAt > run.rec.createdAt + d) continue;
        }
        if (matches(rule.if, { event: run.rec.event, async: ev })) {
          this.finishRun(tx, run, "Cancelled", { name: "Error", message: "function cancelled" }, depth);
        }
      }
    }
    // 2. waiters (step.waitForEvent)
    const ws = this.waitersByEvent.get(ev.name);
    if (ws) {
      for (const w of [...ws.values()]) {
        if (rec.receivedAt < w.since) continue;
        const run = this.live.get(w.runId);
        if (!run || run.rec.status !== "Running" || run.consumed.has(ev.id)) continue;
        if (!matches(w.expression, { event: run.rec.event, async: ev })) continue;
        run.consumed.add(ev.id);
        this.resolveStep(tx, run, w.stepId, ev);
      }
    }
    // 3. triggers (debounce / batchEvents may hold the event instead of starting a run)
    if (ev.name !== INVOKED_EVENT) {
      for (const t of this.triggersByName.get(ev.name) ?? [])
        if (matches(t.expression, { event: ev })) this.triggerRun(tx, t.fn, ev, depth);
      for (const t of this.wildcardTriggers)
        if (ev.name.startsWith(t.prefix) && matches(t.expression, { event: ev })) this.triggerRun(tx, t.fn, ev, depth);
    }
    this.bufferEvent(rec);
  }

  protected bufferEvent(rec: EventRecord): void {
    let l = this.buffer.get(rec.name);
    if (!l) this.buffer.set(rec.name, (l = []));
    l.push(rec);
    const cutoff = rec.receivedAt - this.eventBufferMs;
    let drop = 0;
    while (drop < l.length && l[drop]!.receivedAt < cutoff) drop++;
    if (drop > 0) l.splice(0, drop);
  }

  /**
   * Registers a waitForEvent. Race handling: the wait may reach us (in a 206) after the awaited event was
   * received. So before registering, look in the buffer of recent events for one received since the code
   * leading to the wait began (`waitSince`) that matches; this check and the registration run in one
   * synchronous block, and incoming events are routed + buffered in one synchronous block too, so no event
   * can fall between them.
   */
  protected registerWait(tx: Tx, run: LiveRun, op: Op): void {
    const now = this.now();
    const name = op.name ?? op.opts?.event ?? "";
    const expression = typeof op.opts?.if === "string" ? op.opts.if : undefined;
    const since = run.waitSince;
    for (const e of this.buffer.get(name) ?? []) {
      if (e.receivedAt < since || run.consumed.has(e.payload.id)) continue;
      if (!matches(expression, { event: run.rec.event, async: e.payload })) continue;
      run.consumed.add(e.payload.id);
      this.addMemo(tx, run, op.id, e.payload, false);
      return;
    }
    const expiresAt = resolveTime(op.opts?.timeout ?? "", now);
    this.addWaiter(tx, run, op.id, { kind: "event", event: name, ...(expression ? { expression } : {}), since, ...(expiresAt !== undefined ? { expiresAt } : {}) });
  }

  /** Parks a pending step on a waiter (persisted, indexed) plus, when it expires, its timeout item. */
  protected addWaiter(tx: Tx, run: LiveRun, stepId: string, fields: Omit<WaiterRecord, "id" | "runId" | "stepId">): void {
    const w: WaiterRecord = { id: `${run.rec.id}:${stepId}`, runId: run.rec.id, stepId, ...fields };
    run.pending.add(stepId);
    this.indexWaiter(w);
    tx.ops.push({ op: "putWaiter", waiter: w });
    if (w.expiresAt !== undefined) {
      const kind = w.kind === "invoke" ? "invoke" : "wait";
      this.enqueue(tx, run, { id: `${run.rec.id}:t:${stepId}`, runId: run.rec.id, kind, stepId, attempt: 0, runAt: w.expiresAt, createdAt: this.now() });
    }
  }

  protected indexWaiter(w: WaiterRecord): void {
    this.waiters.set(w.id, w);
    if (w.event) {
      let m = this.waitersByEvent.get(w.event);
      if (!m) this.waitersByEvent.set(w.event, (m = new Map()));
      m.set(w.id, w);
    }
  }

  /** Removes the waiter and the timeout item belonging to a pending step, if any. */
  protected dropWaiter(run: LiveRun, stepId: string, tx?: Tx): void {
    const wid = `${run.rec.id}:${stepId}`;
    const w = this.waiters.get(wid);
    if (w) {
      this.waiters.delete(wid);
      if (w.event) {
        const m = this.waitersByEvent.get(w.event);
        m?.delete(wid);
        if (m && m.size === 0) this.waitersByEvent.delete(w.event);
      }
      tx?.ops.push({ op: "deleteWaiter", id: wid });
    }
    const tid = `${run.rec.id}:t:${stepId}`;
    if (run.itemIds.has(tid)) {
      run.itemIds.delete(tid);
      this.items.delete(tid);
      tx?.ops.push({ op: "deleteQueueItem", id: tid });
    }
  }
}
