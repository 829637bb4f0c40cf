/**
 * The engine's durable state. Every state transition is one `apply(ops)` call, which the store must execute
 * atomically and in order (ops within a call, and calls in the order they were issued). The engine awaits
 * `apply` before acknowledging anything (an event, a checkpoint) and before dispatching follow-up work, so
 * after a crash the store alone describes what is done and what is still owed.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** An event as the SDK receives it in `event` / `events`. */
export interface EventPayload {
  name: string;
  data: Record<string, unknown>;
  id: string;
  ts: number;
  user?: unknown;
  v?: string;
  [k: string]: unknown;
}

export type RunStatus = "Running" | "Completed" | "Failed" | "Cancelled";

export interface RunRecord {
  id: string;
  functionId: string;
  status: RunStatus;
  event: EventPayload;
  events: EventPayload[];
  /** Function return value (Completed). */
  output?: unknown;
  /** Serialised error (Failed / Cancelled). */
  error?: unknown;
  createdAt: number;
  endedAt?: number;
  /** Execution version learned from `x-inngest-req-version` (-1 = let the SDK decide). */
  version: number;
  /** Sent as `ctx.disable_immediate_execution`; set after parallel steps are reported. */
  forceStepPlan: boolean;
  /** Set when this run was started by `step.invoke`: where its result goes. */
  parent?: { runId: string; stepId: string };
}

/** A memoised step. Append-only; `seq` is the completion order (= `ctx.stack.stack`). */
export interface StepRecord {
  runId: string;
  seq: number;
  stepId: string;
  /** The memo exactly as sent to the SDK: `{data}`, `{error}`, a raw event, or null. */
  memo: unknown;
  createdAt: number;
}

/**
 * Work owed to a run, due at `runAt`:
 * - `discovery`: call request with stepId=step (at most one per run, id `<runId>:d`);
 * - `step`: call request for a planned step (`<runId>:s:<stepId>`);
 * - `sleep`: wake-up (`<runId>:t:<stepId>`); `wait` / `invoke`: timeouts of a waiter (`<runId>:t:<stepId>`);
 * - `start-timeout` / `finish-timeout`: `timeouts.start` / `timeouts.finish` deadlines of the run
 *   (`<runId>:to:start`, `<runId>:to:finish`): when due, the run is cancelled.
 * Retries re-put the same item with attempt+1 and a later runAt.
 */
export type QueueKind = "discovery" | "step" | "sleep" | "wait" | "invoke" | "start-timeout" | "finish-timeout";
export interface QueueItemRecord {
  id: string;
  runId: string;
  kind: QueueKind;
  stepId?: string;
  attempt: number;
  runAt: number;
  createdAt: number;
}

/**
 * A run paused on `step.waitForEvent` (kind "event"), `step.invoke` (kind "invoke") or `step.waitForSignal`
 * (kind "signal": `event` holds the signal name while this wait owns the signal; a wait replaced by another
 * run's `onConflict: "replace"` keeps waiting, without `event`, until its timeout).
 */
export interface WaiterRecord {
  id: string; // `<runId>:<stepId>`
  runId: string;
  stepId: string;
  kind: "event" | "invoke" | "signal";
  /** Event name to wait for (kind event); signal name (kind signal). */
  event?: string;
  /** CEL with `event` (the run's trigger) and `async` (the candidate). */
  expression?: string;
  /** Events received at or after this time may match (see README, waitForEvent race). */
  since: number;
  expiresAt?: number;
  /** Child run id (kind invoke). */
  childRunId?: string;
}

export interface EventRecord {
  id: string;
  name: string;
  payload: EventPayload;
  receivedAt: number;
}

export interface FunctionRecord {
  /** Composite id `<appId>-<fnId>`. */
  id: string;
  appId: string;
  name: string;
  /** Call-request URL from the sync payload (`<serve url>?fnId=..&stepId=step`). */
  url: string;
  /** The function's config entry from the sync payload, verbatim. */
  config: FunctionConfig;
  updatedAt: number;
}

export interface CronRecord {
  /** `<functionId>#<trigger index>` */
  id: string;
  functionId: string;
  schedule: string;
  nextAt: number;
}

/**
 * Keys with an expiry: de-duplication (user event ids `event:`, idempotency keys `idem:`) and flow-control state
 * (`rate:<fnId>:<key>` = JSON array of run start times within the rate-limit period, `throttle:<fnId>:<key>` =
 * the throttle's theoretical arrival time, `debounce:<fnId>:<key>` / `batch:<fnId>:<key>` = JSON of the events
 * held for a run that has not started yet and when it is due, `race:<runId>:<stepId>` = a pending race-mode
 * sleep/wait/invoke/signal). A key written with `expiresAt <= now` is deleted.
 */
export interface KeyRecord {
  key: string;
  value: string;
  expiresAt: number;
}

export type StoreOp =
  | { op: "putRun"; run: RunRecord }
  | { op: "updateRun"; id: string; patch: Partial<Pick<RunRecord, "status" | "output" | "error" | "endedAt" | "version" | "forceStepPlan">> }
  | { op: "addSteps"; steps: StepRecord[] }
  | { op: "putQueueItem"; item: QueueItemRecord }
  | { op: "deleteQueueItem"; id: string }
  | { op: "putWaiter"; waiter: WaiterRecord }
  | { op: "deleteWaiter"; id: string }
  /** Drop every queue item and waiter of a run (it ended). */
  | { op: "clearRun"; runId: string }
  | { op: "addEvents"; events: EventRecord[] }
  | { op: "putKey"; key: KeyRecord }
  | { op: "putCron"; cron: CronRecord }
  | { op: "deleteCron"; id: string }
  /** Replace all functions of an app. */
  | { op: "putApp"; appId: string; functions: FunctionRecord[] };

export interface ActiveState {
  runs: RunRecord[];
  steps: StepRecord[];
  queue: QueueItemRecord[];
  waiters: WaiterRecord[];
}

export interface RunFilter {
  functionId?: string;
  status?: RunStatus;
  limit?: number;
}

export interface EngineStore {
  /** Apply ops atomically, in order. */
  apply(ops: StoreOp[]): Promise<void>;
  /**
   * True when overlapping `apply` calls are applied (and settle) in call order, so the engine may issue the
   * next batch before the previous one is acknowledged (a pipelined database connection). Otherwise the
   * engine awaits each batch before sending the next.
   */
  readonly pipelined?: boolean;
  loadFunctions(): Promise<FunctionRecord[]>;
  loadCrons(): Promise<CronRecord[]>;
  /** Running runs with their steps, queue items and waiters (recovery). */
  loadActiveState(): Promise<ActiveState>;
  /** Unexpired keys. */
  loadKeys(now: number): Promise<KeyRecord[]>;
  /** Events received at or after `since`, oldest first. */
  loadEventsSince(since: number): Promise<EventRecord[]>;
  getRun(id: string): Promise<RunRecord | null>;
  getSteps(runId: string): Promise<StepRecord[]>;
  listRuns(filter: RunFilter): Promise<RunRecord[]>;
  /** Delete expired keys and events older than `eventsBefore`. */
  prune(now: number, eventsBefore: number): Promise<void>;
  close?(): Promise<void>;
}

/** The function entry of a sync payload (§3 of the protocol notes); only what the engine reads is typed. */
export interface FunctionConfig {
  id: string;
  name?: string;
  triggers?: Array<{ event?: string; expression?: string; cron?: string; jitter?: string }>;
  steps?: Record<string, { id?: string; name?: string; runtime?: { type?: string; url?: string }; retries?: { attempts?: number } }>;
  idempotency?: string;
  concurrency?: number | ConcurrencyConfig | ConcurrencyConfig[];
  cancel?: Array<{ event: string; if?: string; timeout?: string }>;
  timeouts?: { start?: string; finish?: string };
  rateLimit?: { limit: number; period: string; key?: string };
  throttle?: { limit: number; period: string; burst?: number; key?: string };
  singleton?: { key?: string; mode: "skip" | "cancel" };
  debounce?: { period: string; key?: string; timeout?: string };
  batchEvents?: { maxSize: number; timeout: string; key?: string; if?: string };
  priority?: { run?: string };
  [k: string]: unknown;
}

export interface ConcurrencyConfig {
  limit: number;
  key?: string;
  scope?: "fn" | "env" | "account";
}
