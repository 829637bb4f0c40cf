import canonicalize from "canonicalize";
import { CronExpressionParser } from "cron-parser";
import { signBody } from "./auth.js";
import { isValidExpression } from "./expr.js";
import { newId } from "./ids.js";
import type { ConcurrencyConfig, CronRecord, EventPayload, FunctionConfig, FunctionRecord } from "./store/types.js";
import { refusedAtSync } from "./refusals.js";
import { parseDuration } from "./time.js";
import { DAY_MS, DEFAULT_RETRIES, EngineError, Tx, type FnEntry } from "./engine-kernel.js";
import { EngineKernel } from "./engine-kernel.js";

/** Functions and their triggers: app sync (in-band PUT or POST /fn/register), the trigger/cancel indexes, cron schedules. */
export abstract class FunctionRegistry extends EngineKernel {
  /** Replaces the functions of one app (from an in-band sync or POST /fn/register). */
  async registerApp(appId: string, functions: FunctionConfig[]): Promise<{ modified: boolean }> {
    const refused = functions.flatMap((f) => [...unsupportedFeatures(f), ...refusedAtSync(f)]);
    if (refused.length > 0)
      // Refuse the whole sync (the app's current functions stay registered) rather than run a function whose
      // flow control would silently not happen as configured.
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
    const res = await (this.opts.appFetch ?? fetch)(serveUrl, {
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

  protected indexFunction(rec: FunctionRecord): void {
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

  protected unindexFunction(id: string): void {
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

  /** Reconciles cron timers with the registered functions' cron triggers. */
  protected syncCrons(tx: Tx): void {
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

  protected armCron(c: { rec: CronRecord; timer?: NodeJS.Timeout }): void {
    if (c.timer) clearTimeout(c.timer);
    const delay = Math.min(Math.max(0, c.rec.nextAt - this.now()), 2 ** 31 - 1);
    c.timer = setTimeout(() => {
      c.timer = undefined;
      void this.fireCron(c.rec.id);
    }, delay);
    c.timer.unref?.();
  }

  protected async fireCron(id: string): Promise<void> {
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
}

/**
 * Flow-control settings that Inngest's own function validation rejects (and the engine could not honour as written):
 * an unparseable duration, a debounce period outside 1s..7d, a batch below 2 events or under 1s, an expression that
 * does not compile, `batchEvents` combined with `debounce` or `priority.run`. Found in the synced config, so the sync
 * is refused with the reason instead of the function running with its flow control silently different.
 */
function unsupportedFeatures(cfg: FunctionConfig): string[] {
  const out: string[] = [];
  const bad = (field: string, why: string) => out.push(`function ${cfg.id} has an invalid \`${field}\` (${why})`);
  const duration = (field: string, v: unknown, range?: [number, number, string]) => {
    const d = typeof v === "string" ? parseDuration(v) : undefined;
    if (d === undefined || d <= 0) bad(field, `${JSON.stringify(v)} is not a positive duration such as "5s" or "1h"`);
    else if (range && (d < range[0] || d > range[1])) bad(field, `${JSON.stringify(v)} is outside ${range[2]}`);
  };
  const expression = (field: string, v: unknown) => {
    if (v === undefined || v === null || v === "") return;
    if (typeof v !== "string" || !isValidExpression(v)) bad(field, `${JSON.stringify(v)} is not a valid CEL expression`);
  };
  const { debounce, batchEvents, priority } = cfg;
  if (debounce) {
    duration("debounce.period", debounce.period, [1_000, 7 * DAY_MS, "1s..7d"]);
    if (debounce.timeout !== undefined && debounce.timeout !== "") duration("debounce.timeout", debounce.timeout);
    expression("debounce.key", debounce.key);
  }
  if (batchEvents) {
    const n = batchEvents.maxSize;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 2) bad("batchEvents.maxSize", `${JSON.stringify(n)} is not an integer of at least 2`);
    duration("batchEvents.timeout", batchEvents.timeout, [1_000, Infinity, "at least 1s"]);
    expression("batchEvents.key", batchEvents.key);
    expression("batchEvents.if", batchEvents.if);
    if (debounce) bad("batchEvents", "a function cannot specify both batchEvents and debounce");
    if (priority?.run) bad("batchEvents", "a function cannot specify both batchEvents and priority.run");
  }
  if (priority) expression("priority.run", priority.run);
  return out;
}

type FlowControl = Pick<FnEntry, "startTimeout" | "finishTimeout" | "rateLimit" | "throttle" | "singleton" | "debounce" | "batch" | "priority">;

/** Parses the flow-control fields of a function config (invalid or empty settings are ignored; sync refuses them first). */
function flowControlOf(cfg: FunctionConfig): FlowControl {
  const dur = (v: unknown): number | undefined => {
    if (typeof v !== "string" || v.trim() === "") return undefined;
    const d = parseDuration(v);
    return d !== undefined && d > 0 ? d : undefined;
  };
  const out: FlowControl = {};
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
  const db = cfg.debounce;
  const dbPeriod = dur(db?.period);
  if (db && dbPeriod !== undefined) {
    const timeout = dur(db.timeout);
    out.debounce = { period: dbPeriod, ...(timeout !== undefined ? { timeout } : {}), ...(db.key ? { key: db.key } : {}) };
  }
  const bt = cfg.batchEvents;
  const btTimeout = dur(bt?.timeout);
  if (bt && bt.maxSize >= 2 && btTimeout !== undefined)
    out.batch = { maxSize: Math.floor(bt.maxSize), timeout: btTimeout, ...(bt.key ? { key: bt.key } : {}), ...(bt.if ? { if: bt.if } : {}) };
  if (cfg.priority?.run) out.priority = cfg.priority.run;
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
