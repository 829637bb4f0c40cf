/**
 * Engine benchmark: trivial sequential step.run functions through the real SDK over loopback HTTP, with the
 * durable Prisma SQLite store (temp file), checkpointing on and off; plus 50 concurrent runs x 10 steps.
 * Prints one JSON line per scenario. See bench/README.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { createEngine, MemoryEngineStore } from "@/engine";
import { openDatabase } from "@/server/db/client";
import { PrismaEngineStore } from "@/server/engine-store/prisma-engine-store";
import { openSqliteWithConnection } from "@/server/engine-store/sqlite-connection";
import { migrate } from "@/scripts/db.mjs";

const SIGNING_KEY = "signkey-bench-" + "ab12".repeat(16);
const EVENT_KEY = "bench-event-key";

interface Scenario {
  scenario: string;
  steps: number;
  runs: number;
  concurrency: number;
  checkpointing: boolean;
  /** SDK → engine through `engine.inProcessFetch()` instead of loopback HTTP. */
  inProcess?: boolean;
}

// `--memory`: in-memory store instead of SQLite (diagnostic: isolates the database's share of the cost).
const memory = process.argv.includes("--memory");
const prismaOnly = process.argv.includes("--prisma-only");
// `--postgres`: the Prisma store on PostgreSQL (a fresh schema in BATON_TEST_PG_URL or the local test database).
const postgres = process.argv.includes("--postgres");
const PG_URL = process.env.BATON_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
// `--in-process`: every selected scenario with the in-process SDK → engine path (see the -in-process scenarios).
const forceInProcess = process.argv.includes("--in-process");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const scenarios: Scenario[] = (
  [
    { scenario: "sequential-10-checkpointing", steps: 10, runs: 1, concurrency: 1, checkpointing: true },
    { scenario: "sequential-100-checkpointing", steps: 100, runs: 1, concurrency: 1, checkpointing: true },
    { scenario: "sequential-1000-checkpointing", steps: 1000, runs: 1, concurrency: 1, checkpointing: true },
    { scenario: "sequential-10-no-checkpointing", steps: 10, runs: 1, concurrency: 1, checkpointing: false },
    { scenario: "sequential-100-no-checkpointing", steps: 100, runs: 1, concurrency: 1, checkpointing: false },
    { scenario: "sequential-1000-no-checkpointing", steps: 1000, runs: 1, concurrency: 1, checkpointing: false },
    { scenario: "concurrent-50x10-checkpointing", steps: 10, runs: 50, concurrency: 50, checkpointing: true },
    // Same process, but the Inngest client reaches the engine in-process (engine.inProcessFetch): no socket for
    // checkpoints and events; the engine still calls the app over loopback HTTP.
    { scenario: "sequential-10-checkpointing-in-process", steps: 10, runs: 1, concurrency: 1, checkpointing: true, inProcess: true },
    { scenario: "sequential-100-checkpointing-in-process", steps: 100, runs: 1, concurrency: 1, checkpointing: true, inProcess: true },
    { scenario: "sequential-1000-checkpointing-in-process", steps: 1000, runs: 1, concurrency: 1, checkpointing: true, inProcess: true },
    { scenario: "concurrent-50x10-checkpointing-in-process", steps: 10, runs: 50, concurrency: 50, checkpointing: true, inProcess: true },
  ] satisfies Scenario[]
).filter((s) => only.length === 0 || only.some((o) => s.scenario.includes(o)));

const inProcess = (s: Scenario) => forceInProcess || s.inProcess === true;

async function runScenario(s: Scenario): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-"));
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = postgres ? withSchema(PG_URL, schema) : `file:${join(dir, "bench.db")}`;
  await migrate(url, { log: () => {} });
  // `--prisma-only`: the production client as is (server/db/client.ts), every write through Prisma. Default: the
  // same client setup with the adapter's connection captured for the store's fast path.
  const db = prismaOnly || postgres ? { ...(await openDatabase(url)), connection: undefined } : await openSqliteWithConnection(url);
  const connection = db.connection;
  // Durability lag: from a step's callback returning (it stamps performance.now() into its result) to the
  // store commit that holds its memo (the window in which a crash would run the step again).
  const lags: number[] = [];
  const baseStore = memory ? new MemoryEngineStore() : new PrismaEngineStore(db.db, { connection });
  const store = Object.assign(Object.create(baseStore) as typeof baseStore, {
    async apply(ops: Parameters<typeof baseStore.apply>[0]) {
      await baseStore.apply(ops);
      const now = performance.now();
      for (const o of ops)
        if (o.op === "addSteps")
          for (const st of o.steps) {
            const t = (st.memo as { data?: { t?: unknown } } | null)?.data?.t;
            if (typeof t === "number") lags.push(now - t);
          }
    },
  });
  const waiting = new Map<string, () => void>();
  const finished: string[] = [];
  const engine = createEngine({
    store,
    signingKey: SIGNING_KEY,
    eventKey: EVENT_KEY,
    checkpointing: s.checkpointing,
    onRunFinished: (r) => {
      if (r.status !== "Completed") console.error(`run ${r.id} ${r.status}`, r.error);
      finished.push(r.id);
      for (const [, done] of waiting) done();
    },
  });
  const listening = await engine.listen(0);
  const client = new Inngest({ id: "bench", signingKey: SIGNING_KEY, eventKey: EVENT_KEY, baseUrl: listening.url, ...(inProcess(s) ? { fetch: engine.inProcessFetch() } : {}), logger: { info() {}, warn() {}, error() {}, debug() {} } });
  const fn = client.createFunction(
    // maxRuntime 0: measure the steady state, not the SDK's 10 s hand-back (which only adds one call request).
    { id: "steps", triggers: [{ event: "bench/run" }], checkpointing: { maxRuntime: 0 } },
    async ({ event, step }) => {
      const n = (event.data as { n: number }).n;
      let acc = 0;
      for (let i = 0; i < n; i++) acc += (await step.run(`s${i}`, () => ({ i, t: performance.now() }))).i;
      return acc;
    },
  );
  const app = createServer(serve({ client, functions: [fn] }));
  app.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  const serveUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await engine.start();
  await engine.syncApp(serveUrl);

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const started = performance.now();
  const done = new Promise<void>((resolve) => {
    const check = () => finished.length >= s.runs && resolve();
    waiting.set("x", check);
  });
  await engine.send(Array.from({ length: s.runs }, () => ({ name: "bench/run", data: { n: s.steps } })));
  await done;
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const total = s.steps * s.runs;

  await engine.stop();
  await listening.close();
  app.closeAllConnections();
  await new Promise<void>((r) => app.close(() => r()));
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  if (postgres) await dropSchema(schema);
  lags.sort((a, b) => a - b);
  const pct = (q: number) => (lags.length ? Math.round(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]! * 10) / 10 : null);
  return {
    scenario: s.scenario + (forceInProcess && !s.inProcess ? "-in-process" : "") + (memory ? "-memory-store" : "") + (prismaOnly ? "-prisma-only" : "") + (postgres ? "-postgres" : ""),
    steps: s.steps,
    runs: s.runs,
    concurrency: s.concurrency,
    ms_per_step: Math.round((ms / total) * 1000) / 1000,
    steps_per_s: Math.round(total / (ms / 1000)),
    peak_rss_mb: Math.round(peak / 1024 / 1024),
    // Step finished → durable in the store, over every checkpointed step of the scenario.
    durable_p50_ms: pct(0.5),
    durable_p90_ms: pct(0.9),
    durable_max_ms: lags.length ? Math.round(lags[lags.length - 1]! * 10) / 10 : null,
  };
}

function withSchema(base: string, schema: string): string {
  const u = new URL(base);
  u.searchParams.set("schema", schema);
  return u.toString();
}

async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}

// `--cpu-prof`: writes one V8 CPU profile per scenario (steady state only, after the warm-up) to
// <tmpdir>/bench-<scenario>.cpuprofile (path printed on stderr); open it in Chrome DevTools or speedscope.
const cpuProf = process.argv.includes("--cpu-prof");
const inspector = cpuProf ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.setSamplingInterval", { interval: 200 });
}

// One warm-up run so JIT and module loading are not billed to the first scenario.
await runScenario({ scenario: "warmup", steps: 20, runs: 2, concurrency: 2, checkpointing: true });
for (const s of scenarios) {
  if (inspector) await inspector.post("Profiler.start");
  const result = await runScenario(s);
  if (inspector) {
    const { profile } = await inspector.post("Profiler.stop");
    const file = join(tmpdir(), `bench-${String(result.scenario)}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`cpu profile: ${file}`);
  }
  console.log(JSON.stringify(result));
}
