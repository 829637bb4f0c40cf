import { Fifo } from "./queue.js";
import type { StepRecord } from "./store/types.js";
import { DAY_MS, Tx } from "./engine-kernel.js";
import { CallDispatcher } from "./call-dispatch.js";

export { EngineError } from "./engine-kernel.js";
export type { EngineLogger, EngineOptions, RunView } from "./engine-kernel.js";

/**
 * The embedded Inngest-compatible engine: a thin facade that starts and stops the rooms it is built from
 * (see engine-kernel.ts for the map: registry, events, run lifecycle, scheduler, call dispatch).
 */
export class Engine extends CallDispatcher {
  /** Loads all state from the store and resumes every unfinished run. */
  async start(): Promise<void> {
    if (this.started) return;
    this.stopping = false;
    this.abort = new AbortController();
    const now = this.now();
    for (const f of await this.store.loadFunctions()) this.indexFunction(f);
    for (const k of await this.store.loadKeys(now)) this.keys.set(k.key, k);
    for (const e of await this.store.loadEventsSince(now - Math.max(this.eventBufferMs, 3_600_000))) {
      this.recentEventIds.set(e.id, e.receivedAt);
      if (e.receivedAt >= now - this.eventBufferMs) this.bufferEvent(e);
    }
    const state = await this.store.loadActiveState();
    const stepsByRun = new Map<string, StepRecord[]>();
    for (const s of state.steps) {
      let l = stepsByRun.get(s.runId);
      if (!l) stepsByRun.set(s.runId, (l = []));
      l.push(s);
    }
    for (const rec of state.runs) {
      const run = this.addLive(rec);
      const steps = (stepsByRun.get(rec.id) ?? []).sort((a, b) => a.seq - b.seq);
      for (const s of steps) {
        run.steps[s.stepId] = s.memo;
        run.stack.push(s.stepId);
        const id = eventIdOf(s.memo);
        if (id) run.consumed.add(id);
        run.waitSince = s.memo === null || id ? s.createdAt : run.lastProgressAt;
        run.lastProgressAt = Math.max(run.lastProgressAt, s.createdAt);
      }
    }
    for (const w of state.waiters) {
      const run = this.live.get(w.runId);
      if (!run) continue;
      run.pending.add(w.stepId);
      this.indexWaiter(w);
    }
    for (const run of this.live.values()) run.started = run.stack.length > 0;
    for (const item of state.queue) {
      const run = this.live.get(item.runId);
      if (!run) continue;
      if (item.kind === "discovery") run.discovery = true;
      else if (item.kind === "finish-timeout") run.started = true;
      else if (item.stepId && (item.kind === "step" || item.kind === "sleep")) run.pending.add(item.stepId);
      this.schedule(item);
    }
    this.started = true;
    this.armAllHeld();
    // A running run with nothing owed would hang forever; give it a discovery (cannot happen with atomic
    // transitions, but costs nothing to guard).
    const tx = new Tx();
    for (const run of this.live.values()) if (!run.discovery && run.pending.size === 0) this.maybeRediscover(tx, run);
    for (const c of await this.store.loadCrons()) this.crons.set(c.id, { rec: c });
    this.syncCrons(tx);
    await this.commit(tx);
    this.pruneTimer = setInterval(() => void this.prune(), 10 * 60_000);
    this.pruneTimer.unref();
    this.log.info("engine started", { runs: this.live.size, functions: this.functions.size });
  }

  /** Stops timers and dispatching, aborts in-flight call requests and waits for pending writes. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    for (const c of this.crons.values()) if (c.timer) clearTimeout(c.timer);
    this.clearHeldTimers();
    this.abort.abort();
    await Promise.allSettled([...this.inflightDone]);
    await this.writing;
    this.live.clear();
    this.runsByFn.clear();
    this.waiters.clear();
    this.waitersByEvent.clear();
    this.items.clear();
    this.heap.clear();
    this.ready = new Fifo();
    this.blocked = [];
    this.crons.clear();
    this.functions.clear();
    this.triggersByName.clear();
    this.wildcardTriggers = [];
    this.cancelByName.clear();
    this.buffer.clear();
    this.recentEventIds.clear();
    this.keys.clear();
  }

  health(): {
    ok: boolean;
    started: boolean;
    runs: number;
    functions: number;
    inflight: number;
    queued: number;
    stats: { callRequests: number; checkpoints: number; checkpointedSteps: number };
  } {
    return {
      stats: { ...this.stats },
      ok: this.started,
      started: this.started,
      runs: this.live.size,
      functions: this.functions.size,
      inflight: this.inflight,
      queued: this.items.size,
    };
  }

  protected async prune(): Promise<void> {
    const now = this.now();
    for (const [k, v] of this.keys) if (v.expiresAt <= now) this.keys.delete(k);
    for (const [id, t] of this.recentEventIds) if (t < now - 3_600_000) this.recentEventIds.delete(id);
    try {
      await this.store.prune(now, now - DAY_MS);
    } catch (err) {
      this.log.warn("prune failed", { err: String(err) });
    }
  }
}

function eventIdOf(memo: unknown): string | undefined {
  if (memo && typeof memo === "object" && !Array.isArray(memo)) {
    const m = memo as Record<string, unknown>;
    if (typeof m.name === "string" && typeof m.id === "string" && "data" in m && "ts" in m) return m.id;
  }
  return undefined;
}
