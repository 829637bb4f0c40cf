import { evalKey, evalNumber } from "./expr.js";
import { prioritise } from "./queue.js";
import type { QueueItemRecord } from "./store/types.js";
import { Tx, type LiveRun } from "./engine-kernel.js";
import { RunLifecycle } from "./run-lifecycle.js";

/** Timers and queue: queue items due now or later, the dispatch loop with its slots (maxInflight, concurrency keys), sleep/wait/invoke timers and retries. */
export abstract class Scheduler extends RunLifecycle {
  protected enqueue(tx: Tx, run: LiveRun, item: QueueItemRecord): void {
    if (item.kind === "discovery") run.discovery = true;
    run.itemIds.add(item.id);
    tx.ops.push({ op: "putQueueItem", item });
    tx.after.push(() => this.schedule(item));
  }

  protected schedule(item: QueueItemRecord): void {
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

  protected armTimer(): void {
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

  protected onTimer(): void {
    if (this.stopping) return;
    const now = this.now();
    for (let top = this.heap.peek(); top && top.runAt <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (this.items.get(top.id) === top) this.ready.push(top);
    }
    this.armTimer();
    this.drain();
  }

  protected drain(): void {
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
            const b = this.prioritised(this.blocked);
            this.blocked = [];
            for (const it of b) this.ready.push(it);
          }
          this.drain();
        });
      this.inflightDone.add(p);
    }
  }

  /**
   * `priority.run`: items held back for a slot are offered again in priority order within their function. An
   * item's score is its run's creation time minus the run's factor (integer seconds, clamped to -600..600), so a factor of 120 puts
   * the run ahead of runs of the same function created up to 120 s before it; ties keep their queue order.
   */
  protected prioritised(items: QueueItemRecord[]): QueueItemRecord[] {
    return prioritise(
      items,
      (it) => this.live.get(it.runId)?.rec.functionId ?? "",
      (it) => {
        const run = this.live.get(it.runId);
        const fn = run && this.functions.get(run.rec.functionId);
        if (!run || !fn?.priority) return undefined;
        if (run.priorityFactor === undefined) {
          // As Inngest: an error or a result that is not an integer gives no priority (0); integers are clamped.
          const f = evalNumber(fn.priority, { event: run.rec.event });
          run.priorityFactor = f !== undefined && Number.isInteger(f) ? Math.max(-600, Math.min(600, f)) : 0;
        }
        return run.rec.createdAt - run.priorityFactor * 1000;
      },
    );
  }

  protected concurrencyKeys(run: LiveRun): Array<{ key: string; limit: number }> {
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
  protected fireTimer(run: LiveRun, item: QueueItemRecord): void {
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

  protected retry(tx: Tx, run: LiveRun, item: QueueItemRecord, retryAfter: number | undefined): void {
    const now = this.now();
    const delay = retryAfter ?? this.backoff(item.attempt);
    this.enqueue(tx, run, { ...item, attempt: item.attempt + 1, runAt: now + Math.max(0, delay) });
  }
}
