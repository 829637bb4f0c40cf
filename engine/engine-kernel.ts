import type { Op } from "./protocol.js";
import { Fifo, MinHeap } from "./queue.js";
import type { ConcurrencyConfig, CronRecord, EngineStore, EventPayload, EventRecord, FunctionRecord, KeyRecord, QueueItemRecord, RunRecord, RunStatus, StoreOp, WaiterRecord } from "./store/types.js";
import { defaultRetryBackoff } from "./time.js";

/*
 * The engine's shared state and its one way to change it (`commit`: group-committed store writes, then
 * follow-ups). The rooms build on it in this order, each a class extending the previous one:
 *   engine-kernel.ts     state, options, types, group commit
 *   function-registry.ts functions, triggers, sync, cron
 *   debounce-batch.ts    events held before a run starts: debounce and batchEvents (state in the key table)
 *   event-router.ts      the event API, routing (cancelOn, waiters, triggers), waitForEvent registration
 *   run-lifecycle.ts     creating runs (flow control), memoising steps, finishing, invoke, run timeouts
 *   scheduler.ts         queue items, timers, dispatch slots (concurrency, maxInflight), retries
 *   signals.ts           step.waitForSignal and the signal API, race-mode (group.parallel) wake-ups
 *   call-dispatch.ts     call requests to the app, their outcome (ops), checkpoints; gateway.ts performs
 *                        step.fetch / step.ai.infer requests for it
 *   engine.ts            `Engine`: start / stop / health over all of them
 * Methods a room calls in a later room are declared abstract here.
 */

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
  /**
   * The fetch for requests to apps (call requests, in-band syncs); default the global fetch. A host that runs
   * the app in the same process can pass one that hands the Request to the app's serve handler without a socket.
   */
  appFetch?: typeof fetch;
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

export const DAY_MS = 86_400_000;
export const INVOKED_EVENT = "inngest/function.invoked";
export const DEFAULT_RETRIES = 4;
/** Batches a pipelined store may have in flight at once (see pumpWrites). */
const MAX_PIPELINED_WRITES = 4;
const silentLogger: EngineLogger = {
  debug() {},
  info() {},
  warn: (m, meta) => console.warn(`[engine] ${m}`, meta ?? ""),
  error: (m, meta) => console.error(`[engine] ${m}`, meta ?? ""),
};

/** A state transition: store ops committed atomically, then in-memory follow-ups (dispatching work). */
export class Tx {
  ops: StoreOp[] = [];
  after: Array<() => void> = [];
}

export interface FnEntry {
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
  /** `debounce` (ms). */
  debounce?: { period: number; timeout?: number; key?: string };
  /** `batchEvents` (timeout in ms). */
  batch?: { maxSize: number; timeout: number; key?: string; if?: string };
  /** `priority.run`: CEL giving the run's priority factor in seconds. */
  priority?: string;
}

export interface LiveRun {
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
  /** `priority.run` factor in seconds, -600..600 (computed once). */
  priorityFactor?: number;
  /** A race-mode step finished while a discovery was in flight: rediscover when it returns (signals.ts). */
  raceDirty?: boolean;
}

export type CallOutcome =
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

export abstract class EngineKernel {
  readonly store: EngineStore;
  protected readonly opts: EngineOptions;
  protected readonly log: EngineLogger;
  protected readonly now: () => number;
  protected readonly backoff: (attempt: number) => number;
  protected readonly checkpointing: boolean;
  protected readonly maxInflight: number;
  protected readonly eventBufferMs: number;

  protected started = false;
  protected stopping = false;
  protected functions = new Map<string, FnEntry>();
  protected triggersByName = new Map<string, Array<{ fn: FnEntry; expression?: string }>>();
  protected wildcardTriggers: Array<{ prefix: string; fn: FnEntry; expression?: string }> = [];
  protected cancelByName = new Map<string, Array<{ fn: FnEntry; rule: { event: string; if?: string; timeout?: string } }>>();

  protected live = new Map<string, LiveRun>();
  protected runsByFn = new Map<string, Set<LiveRun>>();
  protected waiters = new Map<string, WaiterRecord>();
  protected waitersByEvent = new Map<string, Map<string, WaiterRecord>>();
  protected keys = new Map<string, KeyRecord>();
  protected recentEventIds = new Map<string, number>();
  protected buffer = new Map<string, EventRecord[]>();

  protected items = new Map<string, QueueItemRecord>();
  protected heap = new MinHeap<QueueItemRecord>();
  protected ready = new Fifo<QueueItemRecord>();
  protected blocked: QueueItemRecord[] = [];
  protected inflight = 0;
  protected inflightByKey = new Map<string, number>();
  protected inflightDone = new Set<Promise<void>>();
  protected timer: NodeJS.Timeout | undefined;
  protected timerAt = Infinity;
  protected crons = new Map<string, { rec: CronRecord; timer?: NodeJS.Timeout }>();
  protected pruneTimer: NodeJS.Timeout | undefined;
  protected abort = new AbortController();
  protected qiSeq = 0;
  protected stats = { callRequests: 0, checkpoints: 0, checkpointedSteps: 0 };

  protected writeQueue: Array<{ ops: StoreOp[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  protected writing: Promise<void> | undefined;
  protected wakeWriter: (() => void) | undefined;

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

  /** Persists a transition, then runs its follow-ups. Concurrent commits are merged into one store call. */
  protected async commit(tx: Tx): Promise<void> {
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
  protected async pumpWrites(): Promise<void> {
    const max = this.store.pipelined ? MAX_PIPELINED_WRITES : 1;
    const inflight = new Set<Promise<void>>();
    while (this.writeQueue.length > 0 || inflight.size > 0) {
      if (this.writeQueue.length > 0 && inflight.size < max) {
        // A store that answers at once (SQLite's synchronous fast path) never has a batch in flight, so without
        // this every transition would be its own transaction. With several call requests in flight (concurrent
        // runs), wait one turn of the event loop first: the checkpoints and outcomes of the other runs that
        // arrive meanwhile go into the same transaction. A lone run (sequential steps) is written at once.
        if (!this.store.pipelined && this.inflight > 1) await new Promise<void>((r) => setImmediate(r));
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

  protected assertStarted(): void {
    if (!this.started) throw new EngineError(503, "engine is not started");
  }

  /** `events`: the batch (`event` = its first); default `[ev]`. */
  protected abstract startRun(
    tx: Tx,
    fn: FnEntry,
    ev: EventPayload,
    parent?: RunRecord["parent"],
    depth?: number,
    events?: EventPayload[],
  ): LiveRun | undefined;
  protected abstract finishRun(tx: Tx, run: LiveRun, status: Exclude<RunStatus, "Running">, payload: unknown, depth: number): void;
  protected abstract addMemo(tx: Tx, run: LiveRun, stepId: string, memo: unknown, ran?: boolean): boolean;
  protected abstract resolveStep(tx: Tx, run: LiveRun, stepId: string, memo: unknown): void;
  protected abstract enqueue(tx: Tx, run: LiveRun, item: QueueItemRecord): void;
  protected abstract execute(run: LiveRun, item: QueueItemRecord): Promise<void>;
}

/** Memo errors must look like `{name, message, stack?}`. */
export function toStepError(e: unknown): Record<string, unknown> {
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    return { ...o, name: typeof o.name === "string" ? o.name : "Error", message: typeof o.message === "string" ? o.message : JSON.stringify(o) };
  }
  return { name: "Error", message: String(e) };
}
