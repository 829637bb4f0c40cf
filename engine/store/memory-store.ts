import type {
  ActiveState,
  CronRecord,
  EngineStore,
  EventRecord,
  FunctionRecord,
  KeyRecord,
  QueueItemRecord,
  RunFilter,
  RunRecord,
  StepRecord,
  StoreOp,
  WaiterRecord,
} from "./types.js";

/** Copies through JSON so callers can never alias stored state (as a real database would behave). */
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** In-memory EngineStore for unit tests. Not durable. */
export class MemoryEngineStore implements EngineStore {
  private runs = new Map<string, RunRecord>();
  private steps = new Map<string, StepRecord[]>();
  private queue = new Map<string, QueueItemRecord>();
  private waiters = new Map<string, WaiterRecord>();
  private events: EventRecord[] = [];
  private keys = new Map<string, KeyRecord>();
  private crons = new Map<string, CronRecord>();
  private functions = new Map<string, FunctionRecord>();

  async apply(ops: StoreOp[]): Promise<void> {
    for (const o of ops) {
      switch (o.op) {
        case "putRun":
          this.runs.set(o.run.id, clone(o.run));
          break;
        case "updateRun": {
          const r = this.runs.get(o.id);
          if (r) Object.assign(r, clone(o.patch));
          break;
        }
        case "addSteps":
          for (const s of o.steps) {
            let list = this.steps.get(s.runId);
            if (!list) this.steps.set(s.runId, (list = []));
            if (!list.some((x) => x.stepId === s.stepId)) list.push(clone(s));
          }
          break;
        case "putQueueItem":
          this.queue.set(o.item.id, { ...o.item });
          break;
        case "deleteQueueItem":
          this.queue.delete(o.id);
          break;
        case "putWaiter":
          this.waiters.set(o.waiter.id, { ...o.waiter });
          break;
        case "deleteWaiter":
          this.waiters.delete(o.id);
          break;
        case "clearRun":
          for (const [id, q] of this.queue) if (q.runId === o.runId) this.queue.delete(id);
          for (const [id, w] of this.waiters) if (w.runId === o.runId) this.waiters.delete(id);
          break;
        case "addEvents":
          for (const e of o.events) this.events.push(clone(e));
          break;
        case "putKey":
          this.keys.set(o.key.key, { ...o.key });
          break;
        case "putCron":
          this.crons.set(o.cron.id, { ...o.cron });
          break;
        case "deleteCron":
          this.crons.delete(o.id);
          break;
        case "putApp":
          for (const [id, f] of this.functions) if (f.appId === o.appId) this.functions.delete(id);
          for (const f of o.functions) this.functions.set(f.id, clone(f));
          break;
      }
    }
  }

  async loadFunctions(): Promise<FunctionRecord[]> {
    return [...this.functions.values()].map(clone);
  }
  async loadCrons(): Promise<CronRecord[]> {
    return [...this.crons.values()].map((c) => ({ ...c }));
  }
  async loadActiveState(): Promise<ActiveState> {
    const runs = [...this.runs.values()].filter((r) => r.status === "Running");
    const ids = new Set(runs.map((r) => r.id));
    return {
      runs: runs.map(clone),
      steps: runs.flatMap((r) => (this.steps.get(r.id) ?? []).map(clone)),
      queue: [...this.queue.values()].filter((q) => ids.has(q.runId)).map((q) => ({ ...q })),
      waiters: [...this.waiters.values()].filter((w) => ids.has(w.runId)).map((w) => ({ ...w })),
    };
  }
  async loadKeys(now: number): Promise<KeyRecord[]> {
    return [...this.keys.values()].filter((k) => k.expiresAt > now).map((k) => ({ ...k }));
  }
  async loadEventsSince(since: number): Promise<EventRecord[]> {
    return this.events.filter((e) => e.receivedAt >= since).map(clone);
  }
  async getRun(id: string): Promise<RunRecord | null> {
    const r = this.runs.get(id);
    return r ? clone(r) : null;
  }
  async getSteps(runId: string): Promise<StepRecord[]> {
    return (this.steps.get(runId) ?? []).map(clone).sort((a, b) => a.seq - b.seq);
  }
  async listRuns(filter: RunFilter): Promise<RunRecord[]> {
    const out = [...this.runs.values()]
      .filter((r) => (!filter.functionId || r.functionId === filter.functionId) && (!filter.status || r.status === filter.status))
      .sort((a, b) => (a.id < b.id ? 1 : -1));
    return out.slice(0, filter.limit ?? 100).map(clone);
  }
  async prune(now: number, eventsBefore: number): Promise<void> {
    for (const [k, v] of this.keys) if (v.expiresAt <= now) this.keys.delete(k);
    this.events = this.events.filter((e) => e.receivedAt >= eventsBefore);
  }
}
