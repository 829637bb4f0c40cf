import { mergeEventMeta } from "./event-meta.js";
import { evalKey } from "./expr.js";
import { newId } from "./ids.js";
import { type Op } from "./protocol.js";
import type { EventPayload, KeyRecord, QueueItemRecord, RunFilter, RunRecord, RunStatus, StepRecord } from "./store/types.js";
import { resolveTime } from "./time.js";
import { DAY_MS, INVOKED_EVENT, Tx, toStepError, type FnEntry, type LiveRun, type RunView } from "./engine-kernel.js";
import { EventRouter } from "./event-router.js";

/** Run lifecycle and flow control: creating runs (idempotency, rateLimit, singleton, throttle, timeouts), memoising steps, rediscovery, invoke, finishing and cancelling runs, reading runs. */
export abstract class RunLifecycle extends EventRouter {
  protected addLive(rec: RunRecord): LiveRun {
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
  protected startRun(
    tx: Tx,
    fn: FnEntry,
    ev: EventPayload,
    parent?: RunRecord["parent"],
    depth = 0,
    events: EventPayload[] = [ev],
  ): LiveRun | undefined {
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
      events,
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

  protected singletonKeyOf(run: LiveRun, fn: FnEntry): string {
    if (run.singletonKey === undefined)
      run.singletonKey = fn.singleton?.key ? (evalKey(fn.singleton.key, { event: run.rec.event }) ?? "") : "";
    return run.singletonKey;
  }

  /**
   * The run's first call request is being dispatched: its `timeouts.start` deadline is met (dropped) and its
   * `timeouts.finish` deadline starts. Written in the background; the store keeps writes in order.
   */
  protected markStarted(run: LiveRun): void {
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
  protected fireRunTimeout(run: LiveRun, item: QueueItemRecord): void {
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

  protected finishRun(tx: Tx, run: LiveRun, status: Exclude<RunStatus, "Running">, payload: unknown, depth: number): void {
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

  /** `ran`: the step's code executed (vs. resolved by a timer, an event or a child run). */
  protected addMemo(tx: Tx, run: LiveRun, stepId: string, memo: unknown, ran = true): boolean {
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
  protected resolveStep(tx: Tx, run: LiveRun, stepId: string, memo: unknown): void {
    this.dropWaiter(run, stepId, tx);
    this.addMemo(tx, run, stepId, memo, false);
    run.pending.delete(stepId);
    this.maybeRediscover(tx, run);
  }

  protected maybeRediscover(tx: Tx, run: LiveRun): void {
    if (run.rec.status !== "Running" || run.pending.size > 0 || run.discovery) return;
    if (run.rec.forceStepPlan && run.rec.version >= 2) {
      run.rec.forceStepPlan = false;
      tx.ops.push({ op: "updateRun", id: run.rec.id, patch: { forceStepPlan: false } });
    }
    const now = this.now();
    this.enqueue(tx, run, { id: `${run.rec.id}:d`, runId: run.rec.id, kind: "discovery", attempt: 0, runAt: now, createdAt: now });
  }

  protected startInvoke(tx: Tx, run: LiveRun, op: Op): void {
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
    this.addWaiter(tx, run, op.id, { kind: "invoke", since: now, childRunId: child.rec.id, ...(expiresAt !== undefined ? { expiresAt } : {}) });
  }
}

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

function parseNumbers(value: string): number[] {
  try {
    const v: unknown = JSON.parse(value);
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
  } catch {
    return [];
  }
}
