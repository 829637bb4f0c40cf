/**
 * The engine side of the bench: one function of N trivial sequential `step.run`s, driven by the embedded engine
 * through the real inngest SDK (cloud mode, signed: `serve` from `inngest/next` called in-process as the embedded
 * host does, or `serve` from `inngest/node` over loopback HTTP), engine and app in one process,
 * with durable state (the Prisma store on a fresh SQLite file or a fresh PostgreSQL schema).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { serve as serveNext } from "inngest/next";
import { createEngine, MemoryEngineStore } from "@/engine";
import { openDatabase } from "@/server/db/client";
import { PrismaEngineStore } from "@/server/engine-store/prisma-engine-store";
import { openSqliteWithConnection } from "@/server/engine-store/sqlite-connection";
import { serveHandlerFetch, type ServeHandlers } from "@/server/runtime/app-serve";
import { httpFetch } from "@/server/runtime/http-fetch";
import { migrate } from "@/scripts/db.mjs";
import type { Shape, ShapeResult } from "./peers/shape";

export const SIGNING_KEY = "signkey-bench-" + "ab12".repeat(16);
export const EVENT_KEY = "bench-event-key";

export interface EngineSetup {
  /** `sqlite` (fresh file), `postgres` (fresh schema in `pgUrl`), or `memory` (diagnostic). */
  store: "sqlite" | "postgres" | "memory";
  /** PostgreSQL database URL the schema is created in. */
  pgUrl?: string;
  checkpointing: boolean;
  /** SDK → engine in-process (`engine.inProcessFetch()`, the embedded default) or over loopback HTTP (standalone). */
  inProcess: boolean;
  /**
   * Engine → app in-process: call requests and the sync go to the SDK's Next.js serve handlers (the adapter
   * app/api/inngest/route.ts uses) through `serveHandlerFetch`, as the embedded host does; otherwise over
   * loopback HTTP to a `node:http` server running `serve` from `inngest/node`.
   */
  appInProcess: boolean;
  /** Standalone with the SDK's default (the global fetch) instead of Baton's `httpFetch` (before/after). */
  globalFetch?: boolean;
  /** Every write through Prisma (no SQLite fast path). */
  prismaOnly?: boolean;
}

export interface EngineResult extends ShapeResult {
  peakRssMb: number;
  /** Per run: call requests (engine → app), checkpoint requests (SDK → engine), store writes (group commits). */
  perRun: { callRequests: number; checkpoints: number; storeWrites: number };
  /** Step finished → its memo committed, over every checkpointed step. */
  durable: { p50: number | null; p90: number | null; max: number | null };
}

/** `timed`: called around the timed part only (the bench's CPU profiler). */
export async function runEngine(shape: Shape, setup: EngineSetup, timed?: { start(): Promise<void>; stop(): Promise<void> }): Promise<EngineResult> {
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-"));
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const postgres = setup.store === "postgres";
  const url = postgres ? withSchema(setup.pgUrl!, schema) : `file:${join(dir, "bench.db")}`;
  await migrate(url, { log: () => {} });
  const { store, lags, applies, close: closeStore } = await openBenchStore(setup, url);
  const counter = new RunCounter();
  let handlers: ServeHandlers | undefined;
  const inProcessServeUrl = "http://bench-app.invalid/api/inngest";
  const engine = createEngine({
    store,
    ...(setup.appInProcess ? { appFetch: serveHandlerFetch(inProcessServeUrl, () => handlers) } : {}),
    signingKey: SIGNING_KEY,
    eventKey: EVENT_KEY,
    checkpointing: setup.checkpointing,
    onRunFinished: (r) => {
      if (r.status !== "Completed") console.error(`run ${r.id} ${r.status}`, r.error);
      counter.finished();
    },
  });
  const listening = await engine.listen(0);
  const client = new Inngest({
    id: "bench",
    signingKey: SIGNING_KEY,
    eventKey: EVENT_KEY,
    baseUrl: listening.url,
    // Standalone: the fetch Baton's app gives its Inngest client in external mode over http (inngest-client.ts).
    fetch: setup.inProcess ? engine.inProcessFetch() : setup.globalFetch ? fetch : httpFetch(),
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  });
  const fn = benchFunction(client);
  const next = serveNext({ client, functions: [fn] });
  handlers = { POST: (r) => next.POST(r as never, undefined), PUT: (r) => next.PUT(r as never, undefined) };
  const app = createServer(serve({ client, functions: [fn] }));
  app.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  const serveUrl = setup.appInProcess ? inProcessServeUrl : `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await engine.start();
  await engine.syncApp(serveUrl);

  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 250);
  await timed?.start();
  applies.n = 0;
  const { ms, cpuMs } = await driveBatches(shape, counter, (events) => engine.send(events));
  await timed?.stop();
  const stats = engine.health().stats;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());

  await engine.stop();
  await listening.close();
  app.closeAllConnections();
  await new Promise<void>((r) => app.close(() => r()));
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
  if (postgres) await dropSchema(setup.pgUrl!, schema);
  const runs = shape.runs * shape.repeat;
  return {
    ms,
    cpuMs,
    steps: shape.steps * shape.runs * shape.repeat,
    peakRssMb: Math.round(peak / 1024 / 1024),
    perRun: {
      callRequests: round2(stats.callRequests / runs),
      checkpoints: round2(stats.checkpoints / runs),
      storeWrites: round2(applies.n / runs),
    },
    durable: percentiles(lags),
  };
}

/** Counts finished runs; `until(n)` resolves once `n` have finished. */
export class RunCounter {
  private n = 0;
  private wake = () => {};
  get count(): number {
    return this.n;
  }
  finished(): void {
    this.n++;
    this.wake();
  }
  until(target: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => this.n >= target && resolve();
      this.wake();
    });
  }
}

/**
 * The timed part: `shape.repeat` batches of `shape.runs` runs of `shape.steps` steps, each batch sent once the
 * previous one finished. Wall time and this process's CPU time.
 */
export async function driveBatches(shape: Shape, counter: RunCounter, send: (events: Array<{ name: string; data: { n: number } }>) => unknown) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const base = counter.count;
  for (let r = 0; r < shape.repeat; r++) {
    const done = counter.until(base + (r + 1) * shape.runs);
    await send(Array.from({ length: shape.runs }, () => ({ name: "bench/run", data: { n: shape.steps } })));
    await done;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** The measured function: N trivial sequential `step.run`s, each stamping when its callback returned. */
export function benchFunction(client: Inngest.Any) {
  return client.createFunction(
    // maxRuntime 0: measure the steady state, not the SDK's 10 s hand-back (which only adds one call request).
    { id: "steps", triggers: [{ event: "bench/run" }], checkpointing: { maxRuntime: 0 } },
    async ({ event, step }) => {
      const n = (event.data as { n: number }).n;
      let acc = 0;
      for (let i = 0; i < n; i++) acc += (await step.run(`s${i}`, () => ({ i, t: nowMs() }))).i;
      return acc;
    },
  );
}

/** p50 / p90 / max of the durability lags (ms, one decimal). */
export function percentiles(lags: number[]): EngineResult["durable"] {
  lags.sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  const pct = (q: number) => (lags.length ? r(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]!) : null);
  return { p50: pct(0.5), p90: pct(0.9), max: lags.length ? r(lags[lags.length - 1]!) : null };
}

/** Wall-clock ms with sub-ms precision, comparable between processes (the step's stamp and the store's commit). */
export const nowMs = () => performance.timeOrigin + performance.now();

/**
 * The engine's store for a bench measurement: the production Prisma client (with the adapter's SQLite connection
 * captured for the store's fast path), wrapped to count store writes (group commits) and to measure durability
 * lag: from a step's callback returning (it stamps `nowMs()` into its result) to the store commit that holds its
 * memo, the window in which a crash would run the step again.
 */
export async function openBenchStore(setup: Pick<EngineSetup, "store" | "prismaOnly">, url: string) {
  const postgres = setup.store === "postgres";
  const db = setup.prismaOnly || postgres ? { ...(await openDatabase(url)), connection: undefined } : await openSqliteWithConnection(url);
  const lags: number[] = [];
  const applies = { n: 0 };
  const baseStore = setup.store === "memory" ? new MemoryEngineStore() : new PrismaEngineStore(db.db, { connection: db.connection });
  const store = Object.assign(Object.create(baseStore) as typeof baseStore, {
    async apply(ops: Parameters<typeof baseStore.apply>[0]) {
      applies.n++;
      await baseStore.apply(ops);
      const now = nowMs();
      for (const o of ops)
        if (o.op === "addSteps")
          for (const st of o.steps) {
            const t = (st.memo as { data?: { t?: unknown } } | null)?.data?.t;
            if (typeof t === "number") lags.push(now - t);
          }
    },
  });
  return { store, lags, applies, close: () => db.close() };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export function withSchema(base: string, schema: string): string {
  const u = new URL(base);
  u.searchParams.set("schema", schema);
  return u.toString();
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}
