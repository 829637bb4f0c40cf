import canonicalize from "canonicalize";
import { signBody } from "./auth.js";
import { performGatewayOp, type GatewayResult } from "./gateway.js";
import { LAZY_OPS, Opcode, RUN_COMPLETE_ID, type Op } from "./protocol.js";
import type { QueueItemRecord } from "./store/types.js";
import { parseRetryAfter, resolveTime } from "./time.js";
import { DEFAULT_RETRIES, EngineError, Tx, toStepError, type CallOutcome, type FnEntry, type LiveRun } from "./engine-kernel.js";
import { SignalWaits } from "./signals.js";

/** Ops of SDK features the engine deliberately leaves out: the run fails with this reason instead of the op being dropped. */
const REFUSED_OPS: Record<string, string> = {
  [Opcode.DeferAdd]: "defer() (experimental deferred functions)",
  [Opcode.DeferAbort]: "defer() (experimental deferred functions)",
  [Opcode.SyncRunComplete]: "durable endpoints (inngest.endpoint)",
};

/** Call dispatch and op handling: the signed call request to the app, the outcome (200 / 206 ops / errors) applied to the run, and checkpoints. */
export abstract class CallDispatcher extends SignalWaits {
  protected async execute(run: LiveRun, item: QueueItemRecord): Promise<void> {
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
    const gateway = run.rec.status === "Running" ? await this.performGateways(run, outcome) : new Map<string, GatewayResult>();
    if (run.rec.status !== "Running" || this.stopping) return; // cancelled meanwhile: drop the result
    const tx = new Tx();
    this.applyOutcome(tx, run, fn, item, outcome, version, gateway);
    await this.commit(tx);
  }

  protected async call(
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
      res = await (this.opts.appFetch ?? fetch)(url, {
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

  protected applyOutcome(
    tx: Tx,
    run: LiveRun,
    fn: FnEntry | undefined,
    item: QueueItemRecord,
    outcome: CallOutcome,
    version: number | undefined,
    gateway: Map<string, GatewayResult> = new Map(),
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
    // A race-mode step (group.parallel({ mode: "race" })) that finished wakes the run although siblings are pending.
    let raceWake = false;
    for (const op of ops) {
      if (run.rec.status !== "Running") return;
      const racing = op.opts?.parallelMode === "race";
      switch (op.op) {
        case Opcode.StepRun:
        case Opcode.Step:
          this.addMemo(tx, run, op.id, { data: op.data === undefined ? null : op.data });
          if (run.pending.delete(op.id)) this.dropWaiter(run, op.id, tx);
          raceWake ||= racing;
          break;
        case Opcode.StepFailed:
          if (op.id === RUN_COMPLETE_ID) return this.finishRun(tx, run, "Failed", op.error ?? op.data, 0);
          this.addMemo(tx, run, op.id, { error: toStepError(op.error ?? op.data) });
          run.pending.delete(op.id);
          raceWake ||= racing;
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
            raceWake ||= racing;
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
            raceWake = this.markRace(tx, run, op) || raceWake;
          }
          break;
        case Opcode.WaitForEvent:
          if (this.isNew(run, op.id)) {
            this.registerWait(tx, run, op);
            raceWake = this.markRace(tx, run, op) || raceWake;
          }
          break;
        case Opcode.InvokeFunction:
          if (this.isNew(run, op.id)) {
            this.startInvoke(tx, run, op);
            raceWake = this.markRace(tx, run, op) || raceWake;
          }
          break;
        case Opcode.WaitForSignal:
          if (this.isNew(run, op.id)) {
            this.registerSignalWait(tx, run, op);
            raceWake = this.markRace(tx, run, op) || raceWake;
          }
          break;
        case Opcode.Gateway:
        case Opcode.AIGateway: {
          const res = this.isNew(run, op.id) ? gateway.get(op.id) : undefined;
          if (!res) break;
          if (res.ok) this.addMemo(tx, run, op.id, res.memo);
          else if (canRetry) {
            // As Inngest: a failed gateway request retries the call request that reported it.
            if (!retried) this.retry(tx, run, item, outcome.retryAfter);
            retried = true;
          } else this.addMemo(tx, run, op.id, { error: res.error });
          raceWake ||= racing && (res.ok || !canRetry);
          break;
        }
        case Opcode.RunComplete:
          return this.finishRun(tx, run, "Completed", op.data === undefined ? null : op.data, 0);
        default: {
          const refused = REFUSED_OPS[op.op];
          if (refused) return this.finishRun(tx, run, "Failed", refusedError(op.op, refused), 0);
          break; // DiscoveryRequest, unknown: rediscovery below covers them
        }
      }
    }
    if (retried) return;
    this.maybeRediscover(tx, run);
    if (raceWake || (item.kind === "discovery" && run.raceDirty)) {
      run.raceDirty = false;
      this.raceRediscover(tx, run);
    }
  }

  /** Performs the new step.fetch / step.ai.infer requests of a 206 (concurrently) before it is applied. */
  protected async performGateways(run: LiveRun, outcome: CallOutcome): Promise<Map<string, GatewayResult>> {
    const out = new Map<string, GatewayResult>();
    if (outcome.kind !== "ops") return out;
    const ops = outcome.ops.filter((o) => (o.op === Opcode.Gateway || o.op === Opcode.AIGateway) && this.isNew(run, o.id));
    if (ops.length === 0) return out;
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.requestTimeoutMs ?? 15 * 60_000)]);
    const results = await Promise.all(ops.map((o) => performGatewayOp(o, signal)));
    ops.forEach((o, i) => out.set(o.id, results[i]!));
    return out;
  }

  protected isNew(run: LiveRun, stepId: string): boolean {
    return !run.pending.has(stepId) && !Object.prototype.hasOwnProperty.call(run.steps, stepId);
  }

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
      const refused = REFUSED_OPS[s.op];
      if (refused) {
        this.finishRun(tx, run, "Failed", refusedError(s.op, refused), 0);
        break;
      }
    }
    await this.commit(tx);
  }
}

function refusedError(op: string, what: string): { name: string; message: string } {
  return { name: "Error", message: `${what} is not supported by the embedded engine (the function reported a ${op} op); run this app on Inngest to use it` };
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
