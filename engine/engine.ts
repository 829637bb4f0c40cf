import canonicalize from "canonicalize";
import { CronExpressionParser } from "cron-parser";
import { signBody } from "./auth.js";
import { evalKey, matches } from "./expr.js";
import { mergeEventMeta } from "./event-meta.js";
import { idsFromSeed, newId } from "./ids.js";
import { LAZY_OPS, Opcode, RUN_COMPLETE_ID, eventInputSchema, type Op } from "./protocol.js";
import { Fifo, MinHeap } from "./queue.js";
import type {
  ConcurrencyConfig,
  CronRecord,
  EngineStore,
  EventPayload,
  EventRecord,
  FunctionConfig,
  FunctionRecord,
  KeyRecord,
  QueueItemRecord,
  RunFilter,
  RunRecord,
  RunStatus,
  StepRecord,
  StoreOp,
  WaiterRecord,
} from "./store/types.js";
import { defaultRetryBackoff, parseDuration, parseRetryAfter, resolveTime } from "./time.js";

export interface EngineLogger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

export interface EngineOptions {
  store: EngineStore;
  /** `signkey-<env>-<hex>`: signs engine→app calls and authenticates app→engine API calls. */
  signingKey: string;
  signingKeyFallback?: string;
  /** Required in the path of `POST /e/:eventKey`. */
  eventKey: string;
  /** Send `ctx.fn_id` so the SDK checkpoints steps (default true). */
  checkpointing?: boolean;
  logger?: EngineLogger;
  now?: () => number;
  /** Delay before retry number `attempt + 1` (attempt = the 0-based attempt that failed). */
  retryBackoff?: (attempt: number) => number;
  /** Max call requests in flight across all runs (default 128). */
  maxInflight?: number;
  /** Abort a call request after this long (default 15 min). */
  requestTimeoutMs?: number;
  /** How far back waitForEvent registrations look for already-received events (default 10 min). */
  eventBufferMs?: number;
  /** Called after a run's final state is persisted. */
  onRunFinished?: (run: { id: string; functionId: string; status: RunStatus; output?: unknown; error?: unknown }) => void;
}

export interface RunView {
  id: string;
  functionId: string;
  status: RunStatus;
  event: EventPayload;
  output?: unknown;
  error?: unknown;
  createdAt: number;
  endedAt?: number;
  steps: Array<{ stepId: string; seq: number; memo: unknown }>;
}

const DAY_MS = 86_400_000;
const INVOKED_EVENT = "inngest/function.invoked";
const DEFAULT_RETRIES = 4;
/** Batches a pipelined store may have in flight at once (see pumpWrites). */
const MAX_PIPELINED_WRITES = 4;
const silentLogger: EngineLogger = {
  debug() {},
  info() {},
  warn: (m, meta) => console.warn(`[engine] ${m}`, meta ?? ""),
  error: (m, meta) => console.error(`[engine] ${m}`, meta ?? ""),
};

/** A state transition: store ops committed atomically, then in-memory follow-ups (dispatching work). */
class Tx {
  ops: StoreOp[] = [];
  after: Array<() => void> = [];
}

interface FnEntry {
  rec: FunctionRecord;
  maxAttempts: number;
  concurrency: ConcurrencyConfig[];
  callUrl: string;
  /** `timeouts.start` / `timeouts.finish` in ms. */
  startTimeout?: number;
  finishTimeout?: number;
  rateLimit?: { limit: number; period: number; key?: string };
  throttle?: { limit: number; period: number; burst: number; key?: string };
  singleton?: { key?: string; mode: "skip" | "cancel" };
}

interface LiveRun {
  rec: RunRecord;
  steps: Record<string, unknown>;
  stack: string[];
  /** Step ids awaiting completion: planned steps, sleeps, waits, invokes. */
  pending: Set<string>;
  /** Ids of events already used as waitForEvent memos (one event never satisfies two waits of a run). */
  consumed: Set<string>;
  /** When the last step completed (or the run started). */
  lastProgressAt: number;
  /**
   * A waitForEvent reported now matches events received from this time on: when the code that led to it
   * began, i.e. the completion of the step before a step that ran (its side effects may already have caused
   * the reply), or the resolution time of a sleep/wait/invoke.
   */
  waitSince: number;
  /** A discovery item is queued or in flight. */
  discovery: boolean;
  /** qi_id of the discovery call in flight; checkpoints with any other qi_id are stale (409). */
  activeQi?: string;
  itemIds: Set<string>;
  concurrencyKeys?: Array<{ key: string; limit: number }>;
  /** Its first call request was dispatched (the `timeouts.finish` clock runs from then). */
  started: boolean;
  /** The run's `singleton` key (computed once). */
  singletonKey?: string;
}

type CallOutcome =
  | { kind: "ops"; ops: Op[]; retryAfter?: number }
  | { kind: "complete"; data: unknown }
  | { kind: "error"; retriable: boolean; error: unknown; retryAfter?: number };

export class EngineError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class Engine {
  readonly store: EngineStore;
  private readonly opts: EngineOptions;
  private readonly log: EngineLogger;
  private readonly now: () => number;
  private readonly backoff: (attempt: number) => number;
  private readonly checkpointing: boolean;
  private readonly maxInflight: number;
  private readonly eventBufferMs: number;

  private started = false;
  private stopping = false;
  private functions = new Map<string, FnEntry>();
  private triggersByName = new Map<string, Array<{ fn: FnEntry; expression?: string }>>();
  private wildcardTriggers: Array<{ prefix: string; fn: FnEntry; expression?: string }> = [];
  private cancelByName = new Map<string, Array<{ fn: FnEntry; rule: { event: string; if?: string; timeout?: string } }>>();

  private live = new Map<string, LiveRun>();
  private runsByFn = new Map<string, Set<LiveRun>>();
  private waiters = new Map<string, WaiterRecord>();
  private waitersByEvent = new Map<string, Map<string, WaiterRecord>>();
  private keys = new Map<string, KeyRecord>();
  private recentEventIds = new Map<string, number>();
  private buffer = new Map<string, EventRecord[]>();

  private items = new Map<string, QueueItemRecord>();
  private heap = new MinHeap<QueueItemRecord>();
  private ready = new Fifo<QueueItemRecord>();
  private blocked: QueueItemRecord[] = [];
  private inflight = 0;
  private inflightByKey = new Map<string, number>();
  private inflightDone = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private crons = new Map<string, { rec: CronRecord; timer?: NodeJS.Timeout }>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private qiSeq = 0;
  private stats = { callRequests: 0, checkpoints: 0, checkpointedSteps: 0 };

  private writeQueue: Array<{ ops: StoreOp[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing: Promise<void> | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.log = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.backoff = opts.retryBackoff ?? defaultRetryBackoff;
    this.checkpointing = opts.checkpointing ?? true;
    this.maxInflight = opts.maxInflight ?? 128;
    this.eventBufferMs = opts.eventBufferMs ?? 10 * 60_000;
  }

  get isStarted(): boolean {
    return this.started;
  }

  // ------------------------------------------------------------------ lifecycle

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

  private async prune(): Promise<void> {
    const now = this.now();
    for (const [k, v] of this.keys) if (v.expiresAt <= now) this.keys.delete(k);
    for (const [id, t] of this.recentEventIds) if (t < now - 3_600_000) this.recentEventIds.delete(id);
    try {
      await this.store.prune(now, now - DAY_MS);
    } catch (err) {
      this.log.warn("prune failed", { err: String(err) });
    }
  }

  // ------------------------------------------------------------------ writes (group commit)

  /** Persists a transition, then runs its follow-ups. Concurrent commits are merged into one store call. */
  private async commit(tx: Tx): Promise<void> {
    if (tx.ops.length > 0) {
      await new Promise<void>((resolve, reject) => {
        this.writeQueue.push({ ops: tx.ops, resolve, reject });
        if (!this.writing) this.writing = this.pumpWrites();
        else this.wakeWriter?.();
      });
    }
    for (const f of tx.after) f();
  }

  /**
   * Group commit: everything queued while a batch is being written goes out as the next batch. With a
   * pipelined store, up to MAX_PIPELINED_WRITES batches are in flight at once (the store applies them in
   * order), so a transition does not wait a whole round trip for the batch before it to be acknowledged.
   */
  private async pumpWrites(): Promise<void> {
    const max = this.store.pipelined ? MAX_PIPELINED_WRITES : 1;
    const inflight = new Set<Promise<void>>();
    while (this.writeQueue.length > 0 || inflight.size > 0) {
      if (this.writeQueue.length > 0 && inflight.size < max) {
        const batch = this.writeQueue.splice(0);
        const ops = batch.length === 1 ? batch[0]!.ops : batch.flatMap((b) => b.ops);
        const done: Promise<void> = this.store.apply(ops).then(
          () => {
            for (const b of batch) b.resolve();
          },
          (err: unknown) => {
            this.log.error("store write failed", { err: String(err) });
            for (const b of batch) b.reject(err);
          },
        );
        inflight.add(done);
        void done.finally(() => inflight.delete(done));
        continue;
      }
      const wake = new Promise<void>((r) => (this.wakeWriter = r));
      await Promise.race([...inflight, ...(inflight.size < max ? [wake] : [])]);
      this.wakeWriter = undefined;
    }
    this.writing = undefined;
  }

  // ------------------------------------------------------------------ functions / sync

  /** Replaces the functions of one app (from an in-band sync or POST /fn/register). */
  async registerApp(appId: string, functions: FunctionConfig[]): Promise<{ modified: boolean }> {
    const refused = functions.flatMap(unsupportedFeatures);
    if (refused.length > 0)
      // Refuse the whole sync (the app's current functions stay registered) rather than run a function whose
      // flow control would silently not happen.
      throw new EngineError(400, `sync refused: ${refused.join("; ")}`);
    const now = this.now();
    const recs: FunctionRecord[] = functions.map((config) => {
      const url = Object.values(config.steps ?? {})[0]?.runtime?.url;
      if (!url) throw new EngineError(400, `function ${config.id} has no step runtime url`);
      return { id: config.id, appId, name: config.name ?? config.id, url, config, updatedAt: now };
    });
    for (const [id, fn] of this.functions) if (fn.rec.appId === appId) this.unindexFunction(id);
    for (const r of recs) this.indexFunction(r);
    const tx = new Tx();
    tx.ops.push({ op: "putApp", appId, functions: recs });
    this.syncCrons(tx);
    await this.commit(tx);
    this.log.info("app synced", { appId, functions: recs.length });
    return { modified: true };
  }

  /**
   * Syncs an app: in-band PUT first; when the app answers out-of-band it has already POSTed
   * /fn/register to this engine's HTTP API, so there is nothing left to do.
   */
  async syncApp(serveUrl: string): Promise<{ kind: "in_band" | "out_of_band"; appId?: string; functions?: number }> {
    const body = canonicalize({ url: serveUrl }) ?? "{}";
    const res = await fetch(serveUrl, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "x-inngest-sync-kind": "in_band",
        "x-inngest-server-kind": "cloud",
        "x-inngest-signature": signBody(body, this.opts.signingKey, Date.now()),
      },
      body,
    });
    const text = await res.text();
    if (!res.ok) throw new EngineError(502, `sync of ${serveUrl} failed: ${res.status} ${text.slice(0, 300)}`);
    if (res.headers.get("x-inngest-sync-kind") === "in_band") {
      const { inBandSyncResponseSchema } = await import("./protocol.js");
      const parsed = inBandSyncResponseSchema.parse(JSON.parse(text));
      await this.registerApp(parsed.app_id, parsed.functions as FunctionConfig[]);
      return { kind: "in_band", appId: parsed.app_id, functions: parsed.functions.length };
    }
    return { kind: "out_of_band" };
  }

  private indexFunction(rec: FunctionRecord): void {
    const cfg = rec.config;
    const stepCfg = Object.values(cfg.steps ?? {})[0];
    const retries = stepCfg?.retries?.attempts ?? DEFAULT_RETRIES;
    const conc = cfg.concurrency;
    const concurrency: ConcurrencyConfig[] =
      conc === undefined || conc === null
        ? []
        : typeof conc === "number"
          ? [{ limit: conc }]
          : Array.isArray(conc)
            ? conc
            : [conc];
    const fn: FnEntry = {
      rec,
      maxAttempts: Math.max(1, retries + 1),
      concurrency: concurrency.filter((c) => c.limit > 0),
      callUrl: rec.url,
      ...flowControlOf(cfg),
    };
    this.functions.set(rec.id, fn);
    for (const t of cfg.triggers ?? []) {
      if (!t.event) continue;
      if (t.event.endsWith("*")) {
        this.wildcardTriggers.push({ prefix: t.event.slice(0, -1), fn, expression: t.expression });
      } else {
        let l = this.triggersByName.get(t.event);
        if (!l) this.triggersByName.set(t.event, (l = []));
        l.push({ fn, expression: t.expression });
      }
    }
    for (const rule of cfg.cancel ?? []) {
      let l = this.cancelByName.get(rule.event);
      if (!l) this.cancelByName.set(rule.event, (l = []));
      l.push({ fn, rule });
    }
  }

  private unindexFunction(id: string): void {
    this.functions.delete(id);
    for (const [name, l] of this.triggersByName) {
      const f = l.filter((t) => t.fn.rec.id !== id);
      if (f.length) this.triggersByName.set(name, f);
      else this.triggersByName.delete(name);
    }
    this.wildcardTriggers = this.wildcardTriggers.filter((t) => t.fn.rec.id !== id);
    for (const [name, l] of this.cancelByName) {
      const f = l.filter((t) => t.fn.rec.id !== id);
      if (f.length) this.cancelByName.set(name, f);
      else this.cancelByName.delete(name);
    }
  }

  // ------------------------------------------------------------------ cron

  /** Reconciles cron timers with the registered functions' cron triggers. */
  private syncCrons(tx: Tx): void {
    const wanted = new Map<string, { functionId: string; schedule: string }>();
    for (const fn of this.functions.values())
      (fn.rec.config.triggers ?? []).forEach((t, i) => {
        if (t.cron) wanted.set(`${fn.rec.id}#${i}`, { functionId: fn.rec.id, schedule: t.cron });
      });
    for (const [id, c] of this.crons) {
      const w = wanted.get(id);
      if (!w || w.schedule !== c.rec.schedule) {
        if (c.timer) clearTimeout(c.timer);
        this.crons.delete(id);
        if (!w) tx.ops.push({ op: "deleteCron", id });
      }
    }
    for (const [id, w] of wanted) {
      let c = this.crons.get(id);
      if (!c) {
        const nextAt = nextCron(w.schedule, this.now());
        if (nextAt === undefined) {
          this.log.warn("invalid cron schedule", { functionId: w.functionId, schedule: w.schedule });
          continue;
        }
        c = { rec: { id, functionId: w.functionId, schedule: w.schedule, nextAt } };
        this.crons.set(id, c);
        tx.ops.push({ op: "putCron", cron: c.rec });
      }
      if (!c.timer && (this.started || !this.stopping)) this.armCron(c);
    }
  }

  private armCron(c: { rec: CronRecord; timer?: NodeJS.Timeout }): void {
    if (c.timer) clearTimeout(c.timer);
    const delay = Math.min(Math.max(0, c.rec.nextAt - this.now()), 2 ** 31 - 1);
    c.timer = setTimeout(() => {
      c.timer = undefined;
      void this.fireCron(c.rec.id);
    }, delay);
    c.timer.unref?.();
  }

  private async fireCron(id: string): Promise<void> {
    const c = this.crons.get(id);
    if (!c || !this.started) return;
    const now = this.now();
    if (c.rec.nextAt > now) return this.armCron(c);
    const fn = this.functions.get(c.rec.functionId);
    const tx = new Tx();
    if (fn) {
      const ev: EventPayload = { name: "inngest/scheduled.timer", data: { cron: c.rec.schedule }, id: newId(now), ts: now, user: {} };
      tx.ops.push({ op: "addEvents", events: [{ id: ev.id, name: ev.name, payload: ev, receivedAt: now }] });
      this.startRun(tx, fn, ev);
    }
    c.rec = { ...c.rec, nextAt: nextCron(c.rec.schedule, now) ?? now + DAY_MS };
    tx.ops.push({ op: "putCron", cron: c.rec });
    try {
      await this.commit(tx);
    } finally {
      if (this.crons.get(id) === c) this.armCron(c);
    }
  }

  // ------------------------------------------------------------------ events

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
  private emit(tx: Tx, name: string, data: Record<string, unknown>, depth: number): void {
    const now = this.now();
    const payload: EventPayload = { name, data, id: newId(now), ts: now, user: {} };
    const rec: EventRecord = { id: payload.id, name, payload, receivedAt: now };
    this.recentEventIds.set(rec.id, now);
    tx.ops.push({ op: "addEvents", events: [rec] });
    this.route(tx, rec, depth + 1);
  }

  private route(tx: Tx, rec: EventRecord, depth: number): void {
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
    // 3. triggers
    if (ev.name !== INVOKED_EVENT) {
      for (const t of this.triggersByName.get(ev.name) ?? [])
        if (matches(t.expression, { event: ev })) this.startRun(tx, t.fn, ev, undefined, depth);
      for (const t of this.wildcardTriggers)
        if (ev.name.startsWith(t.prefix) && matches(t.expression, { event: ev })) this.startRun(tx, t.fn, ev, undefined, depth);
    }
    this.bufferEvent(rec);
  }

  private bufferEvent(rec: EventRecord): void {
    let l = this.buffer.get(rec.name);
    if (!l) this.buffer.set(rec.name, (l = []));
    l.push(rec);
    const cutoff = rec.receivedAt - this.eventBufferMs;
    let drop = 0;
    while (drop < l.length && l[drop]!.receivedAt < cutoff) drop++;
    if (drop > 0) l.splice(0, drop);
  }

  // ------------------------------------------------------------------ runs

  private addLive(rec: RunRecord): LiveRun {
    const run: LiveRun = {
      rec,
      steps: {},
      stack: [],
      pending: new Set(),
      consumed: new Set(),
      lastProgressAt: rec.createdAt,
      waitSince: rec.createdAt,
      discovery: false,
      itemIds: new Set(),
      started: false,
    };
    this.live.set(rec.id, run);
    let s = this.runsByFn.get(rec.functionId);
    if (!s) this.runsByFn.set(rec.functionId, (s = new Set()));
    s.add(run);
    return run;
  }

  /**
   * Creates a run, subject to flow control: idempotency, rateLimit and singleton "skip" drop it (returns
   * undefined); singleton "cancel" cancels the running run of the same key; throttle delays its discovery;
   * `timeouts.start` puts a deadline for its first call request.
   */
  private startRun(tx: Tx, fn: FnEntry, ev: EventPayload, parent?: RunRecord["parent"], depth = 0): LiveRun | undefined {
    const now = this.now();
    // 1. Checks that may drop the run (nothing is written until all of them pass).
    let idemKey: string | undefined;
    const idem = fn.rec.config.idempotency;
    if (idem) {
      const value = evalKey(idem, { event: ev });
      if (value !== undefined) {
        idemKey = `idem:${fn.rec.id}:${value}`;
        const existing = this.keys.get(idemKey);
        if (existing && existing.expiresAt > now) return undefined;
      }
    }
    let rate: { key: string; starts: number[] } | undefined;
    if (fn.rateLimit) {
      const rl = fn.rateLimit;
      const k = `rate:${fn.rec.id}:${rl.key ? (evalKey(rl.key, { event: ev }) ?? "") : ""}`;
      const existing = this.keys.get(k);
      const starts = (existing && existing.expiresAt > now ? parseNumbers(existing.value) : []).filter((t) => t > now - rl.period);
      if (starts.length >= rl.limit) {
        this.log.debug("run dropped by rateLimit", { functionId: fn.rec.id, key: k });
        return undefined;
      }
      starts.push(now);
      rate = { key: k, starts };
    }
    let singletonKey: string | undefined;
    let toCancel: LiveRun[] = [];
    if (fn.singleton) {
      singletonKey = fn.singleton.key ? (evalKey(fn.singleton.key, { event: ev }) ?? "") : "";
      toCancel = [...(this.runsByFn.get(fn.rec.id) ?? [])].filter(
        (r) => r.rec.status === "Running" && this.singletonKeyOf(r, fn) === singletonKey,
      );
      if (toCancel.length > 0 && fn.singleton.mode !== "cancel") {
        this.log.debug("run skipped by singleton", { functionId: fn.rec.id });
        return undefined;
      }
    }
    // 2. Accepted: record the keys.
    const putKey = (key: KeyRecord) => {
      this.keys.set(key.key, key);
      tx.ops.push({ op: "putKey", key });
    };
    if (idemKey) putKey({ key: idemKey, value: "", expiresAt: now + DAY_MS });
    if (rate && fn.rateLimit) putKey({ key: rate.key, value: JSON.stringify(rate.starts), expiresAt: now + fn.rateLimit.period });
    for (const r of toCancel) this.finishRun(tx, r, "Cancelled", { name: "Error", message: "function cancelled by singleton (a newer run started)" }, depth);
    let runAt = now;
    if (fn.throttle) {
      // GCRA (virtual scheduling): starts are spaced period/limit apart, `burst` of them may start at once.
      const th = fn.throttle;
      const k = `throttle:${fn.rec.id}:${th.key ? (evalKey(th.key, { event: ev }) ?? "") : ""}`;
      const existing = this.keys.get(k);
      const tat = existing && existing.expiresAt > now ? Number(existing.value) || now : now;
      const interval = th.period / th.limit;
      runAt = Math.max(now, tat - (th.burst - 1) * interval);
      const next = Math.max(tat, runAt) + interval;
      putKey({ key: k, value: String(next), expiresAt: next + th.period });
    }
    const rec: RunRecord = {
      id: newId(now),
      functionId: fn.rec.id,
      status: "Running",
      event: ev,
      events: [ev],
      createdAt: now,
      version: -1,
      forceStepPlan: false,
      ...(parent ? { parent } : {}),
    };
    const run = this.addLive(rec);
    if (singletonKey !== undefined) run.singletonKey = singletonKey;
    tx.ops.push({ op: "putRun", run: rec });
    this.enqueue(tx, run, { id: `${rec.id}:d`, runId: rec.id, kind: "discovery", attempt: 0, runAt, createdAt: now });
    if (fn.startTimeout !== undefined)
      this.enqueue(tx, run, { id: `${rec.id}:to:start`, runId: rec.id, kind: "start-timeout", attempt: 0, runAt: now + fn.startTimeout, createdAt: now });
    return run;
  }

  private singletonKeyOf(run: LiveRun, fn: FnEntry): string {
    if (run.singletonKey === undefined)
      run.singletonKey = fn.singleton?.key ? (evalKey(fn.singleton.key, { event: run.rec.event }) ?? "") : "";
    return run.singletonKey;
  }

  /**
   * The run's first call request is being dispatched: its `timeouts.start` deadline is met (dropped) and its
   * `timeouts.finish` deadline starts. Written in the background; the store keeps writes in order.
   */
  private markStarted(run: LiveRun): void {
    run.started = true;
    const fn = this.functions.get(run.rec.functionId);
    const tx = new Tx();
    const sid = `${run.rec.id}:to:start`;
    if (run.itemIds.has(sid)) {
      run.itemIds.delete(sid);
      this.items.delete(sid);
      tx.ops.push({ op: "deleteQueueItem", id: sid });
    }
    if (fn?.finishTimeout !== undefined) {
      const now = this.now();
      const id = `${run.rec.id}:to:finish`;
      this.enqueue(tx, run, { id, runId: run.rec.id, kind: "finish-timeout", attempt: 0, runAt: now + fn.finishTimeout, createdAt: now });
    }
    if (tx.ops.length) this.commit(tx).catch((err) => this.log.error("timeout commit failed", { runId: run.rec.id, err: String(err) }));
  }

  /** A `timeouts.start` / `timeouts.finish` deadline passed: cancel the run. */
  private fireRunTimeout(run: LiveRun, item: QueueItemRecord): void {
    this.items.delete(item.id);
    run.itemIds.delete(item.id);
    if (item.kind === "start-timeout" && run.started) {
      const tx = new Tx();
      tx.ops.push({ op: "deleteQueueItem", id: item.id });
      this.commit(tx).catch((err) => this.log.error("timeout commit failed", { runId: run.rec.id, err: String(err) }));
      return;
    }
    const fn = this.functions.get(run.rec.functionId);
    const which = item.kind === "start-timeout" ? "start" : "finish";
    const limit = fn?.rec.config.timeouts?.[which];
    const tx = new Tx();
    this.finishRun(
      tx,
      run,
      "Cancelled",
      { name: "Error", message: `function run timed out (timeouts.${which}${limit ? ` = ${limit}` : ""})` },
      0,
    );
    this.commit(tx).catch((err) => this.log.error("timeout commit failed", { runId: run.rec.id, err: String(err) }));
  }

  /** Cancels a running run (the cancel API). Returns false when the run is not running. */
  async cancelRun(runId: string): Promise<boolean> {
    this.assertStarted();
    const run = this.live.get(runId);
    if (!run || run.rec.status !== "Running") return false;
    const tx = new Tx();
    this.finishRun(tx, run, "Cancelled", { name: "Error", message: "function cancelled" }, 0);
    await this.commit(tx);
    return true;
  }

  async getRun(runId: string): Promise<RunView | null> {
    const run = this.live.get(runId);
    if (run) {
      return {
        ...viewOf(run.rec),
        steps: run.stack.map((stepId, seq) => ({ stepId, seq, memo: run.steps[stepId] })),
      };
    }
    const rec = await this.store.getRun(runId);
    if (!rec) return null;
    const steps = await this.store.getSteps(runId);
    return { ...viewOf(rec), steps: steps.map((s) => ({ stepId: s.stepId, seq: s.seq, memo: s.memo })) };
  }

  async listRuns(filter: RunFilter = {}): Promise<RunView[]> {
    const recs = await this.store.listRuns(filter);
    return recs.map((r) => ({ ...viewOf(this.live.get(r.id)?.rec ?? r), steps: [] }));
  }

  private finishRun(tx: Tx, run: LiveRun, status: Exclude<RunStatus, "Running">, payload: unknown, depth: number): void {
    if (run.rec.status !== "Running") return;
    const now = this.now();
    run.rec.status = status;
    run.rec.endedAt = now;
    if (status === "Completed") run.rec.output = payload ?? null;
    else run.rec.error = payload;
    tx.ops.push({
      op: "updateRun",
      id: run.rec.id,
      patch: status === "Completed" ? { status, output: run.rec.output, endedAt: now } : { status, error: payload, endedAt: now },
    });
    tx.ops.push({ op: "clearRun", runId: run.rec.id });
    for (const id of run.itemIds) this.items.delete(id);
    run.itemIds.clear();
    for (const stepId of run.pending) this.dropWaiter(run, stepId);
    run.pending.clear();
    run.discovery = false;
    run.activeQi = undefined;
    this.live.delete(run.rec.id);
    this.runsByFn.get(run.rec.functionId)?.delete(run);
    const cb = this.opts.onRunFinished;
    if (cb) {
      const r = run.rec;
      tx.after.push(() => cb({ id: r.id, functionId: r.functionId, status: r.status, output: r.output, error: r.error }));
    }

    const fnId = run.rec.functionId;
    const inngestMeta = (run.rec.event.data as { _inngest?: { correlation_id?: string } })._inngest;
    const correlation = inngestMeta?.correlation_id ? { correlation_id: inngestMeta.correlation_id } : {};
    const base = { function_id: fnId, run_id: run.rec.id, event: run.rec.event, events: run.rec.events, ...correlation };
    if (status === "Failed") this.emit(tx, "inngest/function.failed", { ...base, error: payload }, depth);
    if (status === "Cancelled") this.emit(tx, "inngest/function.cancelled", { ...base, error: payload }, depth);
    this.emit(tx, "inngest/function.finished", status === "Completed" ? { ...base, result: run.rec.output } : { ...base, error: payload }, depth);

    const parent = run.rec.parent;
    if (parent) {
      const p = this.live.get(parent.runId);
      if (p && p.rec.status === "Running" && p.pending.has(parent.stepId))
        this.resolveStep(tx, p, parent.stepId, status === "Completed" ? { data: run.rec.output ?? null } : { error: toStepError(payload) });
    }
  }

  // ------------------------------------------------------------------ steps

  /** `ran`: the step's code executed (vs. resolved by a timer, an event or a child run). */
  private addMemo(tx: Tx, run: LiveRun, stepId: string, memo: unknown, ran = true): boolean {
    if (Object.prototype.hasOwnProperty.call(run.steps, stepId)) return false;
    const now = this.now();
    const seq = run.stack.length;
    run.steps[stepId] = memo;
    run.stack.push(stepId);
    run.waitSince = ran ? run.lastProgressAt : now;
    run.lastProgressAt = now;
    const rec: StepRecord = { runId: run.rec.id, seq, stepId, memo, createdAt: now };
    const last = tx.ops[tx.ops.length - 1];
    if (last && last.op === "addSteps") last.steps.push(rec);
    else tx.ops.push({ op: "addSteps", steps: [rec] });
    return true;
  }

  /** A pending step completed (planned step, sleep, wait, invoke): memoise it and continue the run. */
  private resolveStep(tx: Tx, run: LiveRun, stepId: string, memo: unknown): void {
    this.dropWaiter(run, stepId, tx);
    this.addMemo(tx, run, stepId, memo, false);
    run.pending.delete(stepId);
    this.maybeRediscover(tx, run);
  }

  /** Removes the waiter and the timeout item belonging to a pending step, if any. */
  private dropWaiter(run: LiveRun, stepId: string, tx?: Tx): void {
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

  private maybeRediscover(tx: Tx, run: LiveRun): void {
    if (run.rec.status !== "Running" || run.pending.size > 0 || run.discovery) return;
    if (run.rec.forceStepPlan && run.rec.version >= 2) {
      run.rec.forceStepPlan = false;
      tx.ops.push({ op: "updateRun", id: run.rec.id, patch: { forceStepPlan: false } });
    }
    const now = this.now();
    this.enqueue(tx, run, { id: `${run.rec.id}:d`, runId: run.rec.id, kind: "discovery", attempt: 0, runAt: now, createdAt: now });
  }

  private indexWaiter(w: WaiterRecord): void {
    this.waiters.set(w.id, w);
    if (w.event) {
      let m = this.waitersByEvent.get(w.event);
      if (!m) this.waitersByEvent.set(w.event, (m = new Map()));
      m.set(w.id, w);
    }
  }

  // ------------------------------------------------------------------ queue

  private enqueue(tx: Tx, run: LiveRun, item: QueueItemRecord): void {
    if (item.kind === "discovery") run.discovery = true;
    run.itemIds.add(item.id);
    tx.ops.push({ op: "putQueueItem", item });
    tx.after.push(() => this.schedule(item));
  }

  private schedule(item: QueueItemRecord): void {
    const run = this.live.get(item.runId);
    if (!run || run.rec.status !== "Running" || this.stopping) return;
    run.itemIds.add(item.id);
    this.items.set(item.id, item);
    if (item.runAt <= this.now()) {
      this.ready.push(item);
      this.drain();
    } else {
      this.heap.push(item);
      this.armTimer();
    }
  }

  private armTimer(): void {
    const top = this.heap.peek();
    if (!top) return;
    if (top.runAt >= this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = top.runAt;
    const delay = Math.min(Math.max(0, top.runAt - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.onTimer();
    }, delay);
  }

  private onTimer(): void {
    if (this.stopping) return;
    const now = this.now();
    for (let top = this.heap.peek(); top && top.runAt <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (this.items.get(top.id) === top) this.ready.push(top);
    }
    this.armTimer();
    this.drain();
  }

  private drain(): void {
    while (this.ready.size > 0 && !this.stopping) {
      const item = this.ready.shift()!;
      if (this.items.get(item.id) !== item) continue; // superseded or cancelled
      const run = this.live.get(item.runId);
      if (!run || run.rec.status !== "Running") continue;
      if (item.kind === "sleep" || item.kind === "wait" || item.kind === "invoke") {
        this.fireTimer(run, item);
        continue;
      }
      if (item.kind === "start-timeout" || item.kind === "finish-timeout") {
        this.fireRunTimeout(run, item);
        continue;
      }
      if (this.inflight >= this.maxInflight) {
        this.blocked.push(item);
        continue;
      }
      const keys = this.concurrencyKeys(run);
      if (keys.some((k) => (this.inflightByKey.get(k.key) ?? 0) >= k.limit)) {
        this.blocked.push(item);
        continue;
      }
      this.items.delete(item.id);
      if (!run.started) this.markStarted(run);
      this.inflight++;
      for (const k of keys) this.inflightByKey.set(k.key, (this.inflightByKey.get(k.key) ?? 0) + 1);
      const p = this.execute(run, item)
        .catch((err) => this.log.error("call request handling failed", { runId: run.rec.id, err: String(err) }))
        .finally(() => {
          this.inflight--;
          for (const k of keys) {
            const n = (this.inflightByKey.get(k.key) ?? 1) - 1;
            if (n <= 0) this.inflightByKey.delete(k.key);
            else this.inflightByKey.set(k.key, n);
          }
          this.inflightDone.delete(p);
          if (this.blocked.length) {
            const b = this.blocked;
            this.blocked = [];
            for (const it of b) this.ready.push(it);
          }
          this.drain();
        });
      this.inflightDone.add(p);
    }
  }

  private concurrencyKeys(run: LiveRun): Array<{ key: string; limit: number }> {
    if (run.concurrencyKeys) return run.concurrencyKeys;
    const fn = this.functions.get(run.rec.functionId);
    const keys = (fn?.concurrency ?? []).map((c, i) => {
      const k = c.key ? (evalKey(c.key, { event: run.rec.event }) ?? "") : "";
      const scope = !c.scope || c.scope === "fn" ? run.rec.functionId : c.scope;
      return { key: `${scope}#${c.key ? i : "-"}:${k}`, limit: c.limit };
    });
    run.concurrencyKeys = keys;
    return keys;
  }

  /** Sleep wake-ups and wait/invoke timeouts. */
  private fireTimer(run: LiveRun, item: QueueItemRecord): void {
    this.items.delete(item.id);
    run.itemIds.delete(item.id);
    const stepId = item.stepId;
    if (!stepId || !run.pending.has(stepId)) return;
    const tx = new Tx();
    tx.ops.push({ op: "deleteQueueItem", id: item.id });
    const memo =
      item.kind === "invoke"
        ? { error: { name: "InngestInvokeTimeoutError", message: "Timed out waiting for invoked function to complete" } }
        : null;
    this.resolveStep(tx, run, stepId, memo);
    this.commit(tx).catch((err) => this.log.error("timer commit failed", { runId: run.rec.id, err: String(err) }));
  }

  // ------------------------------------------------------------------ call requests

  private async execute(run: LiveRun, item: QueueItemRecord): Promise<void> {
    const fn = this.functions.get(run.rec.functionId);
    let outcome: CallOutcome;
    let version: number | undefined;
    if (!fn) {
      outcome = { kind: "error", retriable: true, error: { name: "Error", message: `function ${run.rec.functionId} is not registered` } };
    } else {
      const qi = `${item.id}#${item.attempt}#${++this.qiSeq}`;
      if (item.kind === "discovery") run.activeQi = qi;
      const res = await this.call(run, fn, item, qi);
      outcome = res.outcome;
      version = res.version;
    }
    if (run.rec.status !== "Running" || this.stopping) return; // cancelled meanwhile: drop the result
    const tx = new Tx();
    this.applyOutcome(tx, run, fn, item, outcome, version);
    await this.commit(tx);
  }

  private async call(
    run: LiveRun,
    fn: FnEntry,
    item: QueueItemRecord,
    qi: string,
  ): Promise<{ outcome: CallOutcome; version?: number }> {
    const stepId = item.kind === "step" ? item.stepId! : "step";
    const ctx: Record<string, unknown> = {
      run_id: run.rec.id,
      attempt: item.attempt,
      max_attempts: fn.maxAttempts,
      disable_immediate_execution: run.rec.forceStepPlan,
      use_api: false,
      stack: { stack: run.stack, current: run.stack.length },
      qi_id: qi,
    };
    if (this.checkpointing && item.kind === "discovery") ctx.fn_id = fn.rec.id;
    const body = canonicalize({ ctx, event: run.rec.event, events: run.rec.events, steps: run.steps, version: run.rec.version }) ?? "{}";
    const url = withStepId(fn.callUrl, stepId);
    this.stats.callRequests++;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-inngest-signature": signBody(body, this.opts.signingKey, Date.now()),
          "x-run-id": run.rec.id,
          "x-inngest-server-kind": "cloud",
          "x-request-id": qi,
          // ctx.jobId: stable for this queue item across its retries, new for every new item.
          "x-inngest-job-id": `${item.id}@${item.createdAt}`,
        },
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.requestTimeoutMs ?? 15 * 60_000)]),
      });
      text = await res.text();
    } catch (err) {
      return { outcome: { kind: "error", retriable: true, error: { name: "Error", message: `call request failed: ${String(err)}` } } };
    }
    const now = this.now();
    const retryAfter = parseRetryAfter(res.headers.get("retry-after"), now);
    if (!res.headers.get("x-inngest-sdk")) {
      return {
        outcome: {
          kind: "error",
          retriable: true,
          error: { name: "Error", message: `non-SDK response ${res.status}: ${text.slice(0, 200)}` },
          retryAfter,
        },
      };
    }
    const v = Number(res.headers.get("x-inngest-req-version"));
    const version = Number.isFinite(v) && res.headers.get("x-inngest-req-version") ? v : undefined;
    const json = safeJson(text);
    if (res.status === 200) return { outcome: { kind: "complete", data: json ?? null }, version };
    if (res.status === 206 && Array.isArray(json)) return { outcome: { kind: "ops", ops: json as Op[], retryAfter }, version };
    const noRetry = res.headers.get("x-inngest-no-retry") === "true";
    const error = json && typeof json === "object" ? json : { name: "Error", message: text.slice(0, 1000) || `HTTP ${res.status}` };
    return { outcome: { kind: "error", retriable: !noRetry, error, retryAfter }, version };
  }

  private applyOutcome(
    tx: Tx,
    run: LiveRun,
    fn: FnEntry | undefined,
    item: QueueItemRecord,
    outcome: CallOutcome,
    version: number | undefined,
  ): void {
    // The item is consumed; a retry re-puts it.
    run.itemIds.delete(item.id);
    tx.ops.push({ op: "deleteQueueItem", id: item.id });
    if (item.kind === "discovery") {
      run.discovery = false;
      run.activeQi = undefined;
    }
    if (version !== undefined && version !== run.rec.version) {
      run.rec.version = version;
      tx.ops.push({ op: "updateRun", id: run.rec.id, patch: { version } });
    }
    const maxAttempts = fn?.maxAttempts ?? DEFAULT_RETRIES + 1;
    const canRetry = item.attempt + 1 < maxAttempts;

    if (outcome.kind === "complete") return this.finishRun(tx, run, "Completed", outcome.data, 0);
    if (outcome.kind === "error") {
      if (outcome.retriable && canRetry) return this.retry(tx, run, item, outcome.retryAfter);
      if (item.kind === "step" && item.stepId && !outcome.retriable) {
        // A planned step request that failed for good outside the step itself: memoise and let user code decide.
        run.pending.delete(item.stepId);
        this.addMemo(tx, run, item.stepId, { error: toStepError(outcome.error) });
        return this.maybeRediscover(tx, run);
      }
      return this.finishRun(tx, run, "Failed", outcome.error, 0);
    }

    const ops = outcome.ops;
    const nonLazy = ops.filter((o) => !LAZY_OPS.has(o.op)).length;
    if (nonLazy > 1 && !run.rec.forceStepPlan) {
      run.rec.forceStepPlan = true;
      tx.ops.push({ op: "updateRun", id: run.rec.id, patch: { forceStepPlan: true } });
    }
    let retried = false;
    for (const op of ops) {
      if (run.rec.status !== "Running") return;
      switch (op.op) {
        case Opcode.StepRun:
        case Opcode.Step:
          this.addMemo(tx, run, op.id, { data: op.data === undefined ? null : op.data });
          if (run.pending.delete(op.id)) this.dropWaiter(run, op.id, tx);
          break;
        case Opcode.StepFailed:
          if (op.id === RUN_COMPLETE_ID) return this.finishRun(tx, run, "Failed", op.error ?? op.data, 0);
          this.addMemo(tx, run, op.id, { error: toStepError(op.error ?? op.data) });
          run.pending.delete(op.id);
          break;
        case Opcode.StepError:
          if (op.id === RUN_COMPLETE_ID) {
            if (canRetry) return this.retry(tx, run, item, outcome.retryAfter);
            return this.finishRun(tx, run, "Failed", op.error ?? op.data, 0);
          }
          if (canRetry) {
            if (!retried) this.retry(tx, run, item, outcome.retryAfter);
            retried = true;
          } else {
            this.addMemo(tx, run, op.id, { error: toStepError(op.error ?? op.data) });
            run.pending.delete(op.id);
          }
          break;
        case Opcode.StepPlanned:
          if (this.isNew(run, op.id)) {
            run.pending.add(op.id);
            const now = this.now();
            this.enqueue(tx, run, { id: `${run.rec.id}:s:${op.id}`, runId: run.rec.id, kind: "step", stepId: op.id, attempt: 0, runAt: now, createdAt: now });
          }
          break;
        case Opcode.Sleep:
          if (this.isNew(run, op.id)) {
            const now = this.now();
            const at = resolveTime(op.name ?? op.opts?.duration ?? "", now) ?? now;
            run.pending.add(op.id);
            this.enqueue(tx, run, { id: `${run.rec.id}:t:${op.id}`, runId: run.rec.id, kind: "sleep", stepId: op.id, attempt: 0, runAt: at, createdAt: now });
          }
          break;
        case Opcode.WaitForEvent:
          if (this.isNew(run, op.id)) this.registerWait(tx, run, op);
          break;
        case Opcode.InvokeFunction:
          if (this.isNew(run, op.id)) this.startInvoke(tx, run, op);
          break;
        case Opcode.RunComplete:
          return this.finishRun(tx, run, "Completed", op.data === undefined ? null : op.data, 0);
        case Opcode.Gateway:
        case Opcode.AIGateway:
        case Opcode.WaitForSignal:
          if (this.isNew(run, op.id))
            this.addMemo(tx, run, op.id, { error: { name: "Error", message: `${op.op} steps are not supported by the embedded engine` } });
          break;
        default:
          break; // DiscoveryRequest, DeferAdd/DeferAbort, unknown: rediscovery below covers them
      }
    }
    if (!retried) this.maybeRediscover(tx, run);
  }

  private isNew(run: LiveRun, stepId: string): boolean {
    return !run.pending.has(stepId) && !Object.prototype.hasOwnProperty.call(run.steps, stepId);
  }

  private retry(tx: Tx, run: LiveRun, item: QueueItemRecord, retryAfter: number | undefined): void {
    const now = this.now();
    const delay = retryAfter ?? this.backoff(item.attempt);
    this.enqueue(tx, run, { ...item, attempt: item.attempt + 1, runAt: now + Math.max(0, delay) });
  }

  /**
   * Registers a waitForEvent. Race handling: the wait may reach us (in a 206) after the awaited event was
   * received. So before registering, look in the buffer of recent events for one received since the code
   * leading to the wait began (`waitSince`) that matches; this check and the registration run in one
   * synchronous block, and incoming events are routed + buffered in one synchronous block too, so no event
   * can fall between them.
   */
  private registerWait(tx: Tx, run: LiveRun, op: Op): void {
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
    const w: WaiterRecord = {
      id: `${run.rec.id}:${op.id}`,
      runId: run.rec.id,
      stepId: op.id,
      kind: "event",
      event: name,
      ...(expression ? { expression } : {}),
      since,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
    run.pending.add(op.id);
    this.indexWaiter(w);
    tx.ops.push({ op: "putWaiter", waiter: w });
    if (expiresAt !== undefined)
      this.enqueue(tx, run, { id: `${run.rec.id}:t:${op.id}`, runId: run.rec.id, kind: "wait", stepId: op.id, attempt: 0, runAt: expiresAt, createdAt: now });
  }

  private startInvoke(tx: Tx, run: LiveRun, op: Op): void {
    const now = this.now();
    const targetId = op.opts?.function_id;
    const target = targetId ? this.functions.get(targetId) : undefined;
    if (!target) {
      // Inngest's wording; SDK users match on "could not find function".
      this.addMemo(tx, run, op.id, { error: { name: "Error", message: `could not find function with ID: ${String(targetId)}` } });
      return;
    }
    const payload = op.opts?.payload ?? {};
    const meta = mergeEventMeta(payload.meta);
    const ev: EventPayload = {
      name: INVOKED_EVENT,
      data: {
        ...(payload.data ?? {}),
        _inngest: { fn_id: target.rec.id, correlation_id: `${run.rec.id}.${op.id}`, source_fn_id: run.rec.functionId, source_run_id: run.rec.id },
      },
      id: newId(now),
      ts: now,
      user: payload.user && typeof payload.user === "object" ? payload.user : {},
      ...(payload.v ? { v: payload.v } : {}),
      ...(meta ? { meta } : {}),
    };
    tx.ops.push({ op: "addEvents", events: [{ id: ev.id, name: ev.name, payload: ev, receivedAt: now }] });
    run.pending.add(op.id);
    const child = this.startRun(tx, target, ev, { runId: run.rec.id, stepId: op.id });
    if (!child) {
      run.pending.delete(op.id);
      this.addMemo(tx, run, op.id, { error: { name: "Error", message: "invoked run was skipped (idempotency, rateLimit or singleton)" } });
      return;
    }
    const expiresAt = op.opts?.timeout ? resolveTime(op.opts.timeout, now) : undefined;
    const w: WaiterRecord = {
      id: `${run.rec.id}:${op.id}`,
      runId: run.rec.id,
      stepId: op.id,
      kind: "invoke",
      since: now,
      childRunId: child.rec.id,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
    this.indexWaiter(w);
    tx.ops.push({ op: "putWaiter", waiter: w });
    if (expiresAt !== undefined)
      this.enqueue(tx, run, { id: `${run.rec.id}:t:${op.id}`, runId: run.rec.id, kind: "invoke", stepId: op.id, attempt: 0, runAt: expiresAt, createdAt: now });
  }

  // ------------------------------------------------------------------ checkpoints

  /**
   * `POST /v1/checkpoint/:runId/async`: the SDK reports steps it ran inline. They are memoised and persisted
   * before we answer 2xx; nothing is scheduled, since the SDK is still executing the run.
   */
  async checkpoint(runId: string, body: { qi_id?: string; steps: Array<{ id: string; op: string; data?: unknown }> }): Promise<void> {
    this.assertStarted();
    const run = this.live.get(runId);
    if (!run || run.rec.status !== "Running") throw new EngineError(409, `run ${runId} is not running`);
    if (!run.activeQi || body.qi_id !== run.activeQi) throw new EngineError(409, `stale dispatch for run ${runId}`);
    const tx = new Tx();
    this.stats.checkpoints++;
    this.stats.checkpointedSteps += body.steps.length;
    for (const s of body.steps) {
      if (s.op === Opcode.StepRun || s.op === Opcode.Step) this.addMemo(tx, run, s.id, { data: s.data === undefined ? null : s.data });
    }
    await this.commit(tx);
  }

  private assertStarted(): void {
    if (!this.started) throw new EngineError(503, "engine is not started");
  }
}

// ------------------------------------------------------------------ helpers

function viewOf(r: RunRecord): Omit<RunView, "steps"> {
  return {
    id: r.id,
    functionId: r.functionId,
    status: r.status,
    event: r.event,
    ...(r.output !== undefined ? { output: r.output } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    createdAt: r.createdAt,
    ...(r.endedAt !== undefined ? { endedAt: r.endedAt } : {}),
  };
}

function safeJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function withStepId(url: string, stepId: string): string {
  if (url.includes("stepId=step")) return url.replace("stepId=step", `stepId=${encodeURIComponent(stepId)}`);
  const u = new URL(url);
  u.searchParams.set("stepId", stepId);
  return u.toString();
}

/** Memo errors must look like `{name, message, stack?}`. */
function toStepError(e: unknown): Record<string, unknown> {
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    return { ...o, name: typeof o.name === "string" ? o.name : "Error", message: typeof o.message === "string" ? o.message : JSON.stringify(o) };
  }
  return { name: "Error", message: String(e) };
}

function eventIdOf(memo: unknown): string | undefined {
  if (memo && typeof memo === "object" && !Array.isArray(memo)) {
    const m = memo as Record<string, unknown>;
    if (typeof m.name === "string" && typeof m.id === "string" && "data" in m && "ts" in m) return m.id;
  }
  return undefined;
}

function parseNumbers(value: string): number[] {
  try {
    const v: unknown = JSON.parse(value);
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
  } catch {
    return [];
  }
}

/**
 * Function options the embedded engine does not implement. Found in the synced config, so a function that
 * relies on them is refused at sync with the reason instead of running without them.
 */
const UNSUPPORTED_CONFIG: Record<string, string> = {
  batchEvents: "event batching",
  debounce: "debouncing",
  priority: "run priority",
};

function unsupportedFeatures(cfg: FunctionConfig): string[] {
  const c = cfg as unknown as Record<string, unknown>;
  return Object.entries(UNSUPPORTED_CONFIG)
    .filter(([key]) => c[key] !== undefined && c[key] !== null)
    .map(([key, what]) => `function ${cfg.id} uses \`${key}\` (${what}), which the embedded engine does not support; remove it or run this app on Inngest`);
}

/** Parses the flow-control fields of a function config (invalid or empty settings are ignored). */
function flowControlOf(cfg: FunctionConfig): Pick<FnEntry, "startTimeout" | "finishTimeout" | "rateLimit" | "throttle" | "singleton"> {
  const dur = (v: unknown): number | undefined => {
    if (typeof v !== "string" || v.trim() === "") return undefined;
    const d = parseDuration(v);
    return d !== undefined && d > 0 ? d : undefined;
  };
  const out: ReturnType<typeof flowControlOf> = {};
  const start = dur(cfg.timeouts?.start);
  const finish = dur(cfg.timeouts?.finish);
  if (start !== undefined) out.startTimeout = start;
  if (finish !== undefined) out.finishTimeout = finish;
  const rl = cfg.rateLimit;
  const rlPeriod = dur(rl?.period);
  if (rl && rl.limit > 0 && rlPeriod !== undefined) out.rateLimit = { limit: rl.limit, period: rlPeriod, ...(rl.key ? { key: rl.key } : {}) };
  const th = cfg.throttle;
  const thPeriod = dur(th?.period);
  if (th && th.limit > 0 && thPeriod !== undefined)
    out.throttle = { limit: th.limit, period: thPeriod, burst: Math.max(1, Math.floor(th.burst ?? 1)), ...(th.key ? { key: th.key } : {}) };
  const sg = cfg.singleton;
  if (sg && (sg.mode === "skip" || sg.mode === "cancel")) out.singleton = { mode: sg.mode, ...(sg.key ? { key: sg.key } : {}) };
  return out;
}

function nextCron(schedule: string, now: number): number | undefined {
  let expr = schedule.trim();
  let tz: string | undefined;
  const m = expr.match(/^(?:CRON_)?TZ=(\S+)\s+(.*)$/);
  if (m) {
    tz = m[1];
    expr = m[2]!;
  }
  try {
    return CronExpressionParser.parse(expr, { currentDate: new Date(now), ...(tz ? { tz } : {}) }).next().getTime();
  } catch {
    return undefined;
  }
}
