import type { Op } from "./protocol.js";
import type { WaiterRecord } from "./store/types.js";
import { resolveTime } from "./time.js";
import { EngineError, Tx, type LiveRun } from "./engine-kernel.js";
import { Scheduler } from "./scheduler.js";

/** Inngest's wording when a second run waits on a signal that another run's wait already owns (onConflict "fail"). */
export const SIGNAL_CONFLICT = "Signal conflict; signal wait already exists for another run";
/** Race-mode timer keys live until shortly after the timer's deadline (or a year, Inngest's longest wait). */
const RACE_KEY_SLACK_MS = 60_000;
const YEAR_MS = 366 * 86_400_000;

/**
 * Signals and race mode: `step.waitForSignal` waits (one owner per signal name, `onConflict` "fail" / "replace",
 * `null` on timeout), the signal API behind `POST /v1/signals`, and `group.parallel({ mode: "race" })`, where
 * each finished step wakes the run at once instead of waiting for its siblings.
 */
export abstract class SignalWaits extends Scheduler {
  /** Signal name -> id of the waiter that owns it (the only one a signal resumes). */
  protected signalOwners = new Map<string, string>();

  /**
   * A `WaitForSignal` op (`opts {signal, timeout, conflict}`). The signal's current owner keeps it unless this
   * wait says `conflict: "replace"`; then the previous wait loses the signal and simply times out, as in
   * Inngest. A conflict with "fail" (the default) fails this run at once, without retries.
   */
  protected registerSignalWait(tx: Tx, run: LiveRun, op: Op): void {
    const now = this.now();
    const signal = typeof op.opts?.signal === "string" && op.opts.signal !== "" ? op.opts.signal : op.name;
    if (!signal) {
      this.addMemo(tx, run, op.id, { error: { name: "Error", message: "step.waitForSignal needs a non-empty signal name" } });
      return;
    }
    const ownerId = this.signalOwners.get(signal);
    const owner = ownerId ? this.waiters.get(ownerId) : undefined;
    if (owner) {
      const live = owner.expiresAt === undefined || owner.expiresAt > now;
      if (live && op.opts?.conflict !== "replace") {
        this.finishRun(tx, run, "Failed", { name: "Error", message: SIGNAL_CONFLICT }, 0);
        return;
      }
      // The previous wait (replaced, or past its deadline) keeps waiting for its timeout but no longer owns the
      // signal; persisted so a restart does not hand the signal back to it.
      const demoted: WaiterRecord = { ...owner };
      delete demoted.event;
      this.waiters.set(demoted.id, demoted);
      tx.ops.push({ op: "putWaiter", waiter: demoted });
    }
    const expiresAt = resolveTime(op.opts?.timeout ?? "", now);
    this.addWaiter(tx, run, op.id, { kind: "signal", event: signal, since: now, ...(expiresAt !== undefined ? { expiresAt } : {}) });
  }

  /**
   * The signal API (`POST /v1/signals {signal, data}`): resumes the run whose wait owns `signal` with
   * `{signal, data}` as the step's data. Returns its run id, or undefined when no live wait owns the signal
   * (Inngest answers 404; signals are not buffered for later waits).
   */
  async sendSignal(signal: unknown, data: unknown): Promise<string | undefined> {
    this.assertStarted();
    if (typeof signal !== "string" || signal === "") throw new EngineError(400, "signal must be a non-empty string");
    const ownerId = this.signalOwners.get(signal);
    const w = ownerId ? this.waiters.get(ownerId) : undefined;
    if (!w || (w.expiresAt !== undefined && w.expiresAt <= this.now())) return undefined;
    const run = this.live.get(w.runId);
    if (!run || run.rec.status !== "Running" || !run.pending.has(w.stepId)) return undefined;
    const tx = new Tx();
    this.resolveStep(tx, run, w.stepId, { data: { signal, data: data === undefined ? null : data } });
    await this.commit(tx);
    return run.rec.id;
  }

  protected indexWaiter(w: WaiterRecord): void {
    if (w.kind !== "signal") return super.indexWaiter(w);
    this.waiters.set(w.id, w);
    if (w.event) this.signalOwners.set(w.event, w.id);
  }

  protected dropWaiter(run: LiveRun, stepId: string, tx?: Tx): void {
    const w = this.waiters.get(`${run.rec.id}:${stepId}`);
    if (w?.kind === "signal" && w.event && this.signalOwners.get(w.event) === w.id) this.signalOwners.delete(w.event);
    super.dropWaiter(run, stepId, tx);
  }

  /**
   * Race mode for ops that resolve later (sleep, waits, invoke): remembered as a key until shortly after the
   * op's deadline, so a restart still knows the op is racing. True when the racing op already resolved.
   */
  protected markRace(tx: Tx, run: LiveRun, op: Op): boolean {
    if (op.opts?.parallelMode !== "race") return false;
    // Resolved on the spot (an already-received event, an unknown invoke target): the race is won now.
    if (!run.pending.has(op.id)) return Object.prototype.hasOwnProperty.call(run.steps, op.id);
    const now = this.now();
    const deadline = resolveTime(op.opts?.timeout ?? (op.op === "Sleep" ? (op.name ?? "") : ""), now);
    const key = { key: raceKey(run.rec.id, op.id), value: "race", expiresAt: (deadline ?? now + YEAR_MS) + RACE_KEY_SLACK_MS };
    this.keys.set(key.key, key);
    tx.ops.push({ op: "putKey", key });
    return false;
  }

  /** A pending op resolved; when it was racing, the run continues now instead of after its siblings. */
  protected resolveStep(tx: Tx, run: LiveRun, stepId: string, memo: unknown): void {
    super.resolveStep(tx, run, stepId, memo);
    const k = this.keys.get(raceKey(run.rec.id, stepId));
    if (!k) return;
    this.keys.delete(k.key);
    tx.ops.push({ op: "putKey", key: { ...k, expiresAt: this.now() } });
    this.raceRediscover(tx, run);
  }

  /**
   * Rediscovers although steps are still pending (a race-mode step finished). A discovery already in flight
   * was sent without this step's result, so the run is marked to rediscover once that discovery returns.
   */
  protected raceRediscover(tx: Tx, run: LiveRun): void {
    if (run.rec.status !== "Running") return;
    if (run.activeQi) {
      run.raceDirty = true; // in flight
      return;
    }
    if (run.discovery) return; // queued: it will carry this result
    const now = this.now();
    this.enqueue(tx, run, { id: `${run.rec.id}:d`, runId: run.rec.id, kind: "discovery", attempt: 0, runAt: now, createdAt: now });
  }
}

function raceKey(runId: string, stepId: string): string {
  return `race:${runId}:${stepId}`;
}
