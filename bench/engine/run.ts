/**
 * Engine benchmark with peers (bench/README.md): the same shapes (N trivial sequential steps with durable state,
 * and concurrent runs) on the embedded engine and on its peers, in one process, one after the other:
 *   SQLite:     engine (SDK → engine and engine → app in-process, the embedded default; both over loopback HTTP,
 *               standalone, in this process and with the engine in a child process of its own; with `--app-http`
 *               also the embedded topology before engine → app went in-process)
 *               vs LangGraph.js with its SQLite checkpointer
 *   PostgreSQL: engine (same topologies) vs DBOS Transact (as shipped, and with synchronous_commit = off)
 * Prints one JSON line per measurement, then one per ratio (engine ÷ peer per step, wall and CPU; lower is better).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import pg from "pg";
import { installProcessEnvSnapshot } from "@/server/runtime/process-env";
import { runEngine, type EngineSetup } from "./engine-scenario";
import { runEngineProcess } from "./engine-process";
import { SHAPES, cpuMsPerStep, msPerStep, stepsPerS, type Shape, type ShapeResult } from "./peers/shape";

const argv = process.argv.slice(2);
// As the Baton host does at start-up (server/host/main.ts); `--native-env` measures without it (before/after).
if (!argv.includes("--native-env")) installProcessEnvSnapshot();
const flag = (f: string) => argv.includes(f);
const only = argv.filter((a) => !a.startsWith("--"));
// `--repeat=K`: every shape's batches K times over (longer, steadier measurements and profiles).
const repeatBy = Math.max(1, Number(argv.find((a) => a.startsWith("--repeat="))?.slice(9)) || 1);
const shapes = SHAPES.filter((s) => only.length === 0 || only.some((o) => s.name.includes(o))).map((s) => ({ ...s, repeat: s.repeat * repeatBy }));
const sqlite = !flag("--postgres-only");
const postgres = !flag("--sqlite-only");
const peers = !flag("--no-peers");
// `--memory`: the engine on the in-memory store too (diagnostic: isolates the database's share of the cost).
const memory = flag("--memory");
const prismaOnly = flag("--prisma-only");
// `--no-checkpointing`: also the engine with checkpointing off (quadratic: every call replays all memos).
const noCheckpointing = flag("--no-checkpointing");
// `--app-http`: also the embedded engine calling the app over loopback HTTP (the default before 2026-11-28).
const appHttp = flag("--app-http");
// `--global-fetch`: also standalone with the SDK's default fetch (undici) instead of Baton's httpFetch.
const globalFetch = flag("--global-fetch");
const PG_URL = process.env.BATON_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

// `--cpu-prof`: one V8 CPU profile per engine measurement (steady state, after the warm-up), written to
// <tmpdir>/bench-<label>.cpuprofile (path printed on stderr); open it in Chrome DevTools or speedscope.
const inspector = flag("--cpu-prof") ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.setSamplingInterval", { interval: 200 });
}

const results = new Map<string, ShapeResult>();
const load = () => Math.round(loadavg()[0]! * 10) / 10;

function report(label: string, shape: Shape, r: ShapeResult, extra: Record<string, unknown> = {}): void {
  results.set(`${label}|${shape.name}`, r);
  console.log(
    JSON.stringify({ scenario: shape.name, system: label, steps: shape.steps, runs: shape.runs, repeat: shape.repeat, ms_per_step: msPerStep(r), cpu_ms_per_step: cpuMsPerStep(r), steps_per_s: stepsPerS(r), ...extra, load: load() }),
  );
}

/** Standalone in two processes (engine-process.ts): no CPU profile (the engine's half is in the child). */
async function engineProcess(label: string, shape: Shape, setup: EngineSetup): Promise<void> {
  const r = await runEngineProcess(shape, setup);
  report(label, shape, r, { peak_rss_mb: r.peakRssMb, per_run: r.perRun, durable_p50_ms: r.durable.p50, durable_p90_ms: r.durable.p90, durable_max_ms: r.durable.max });
}

async function engine(label: string, shape: Shape, setup: EngineSetup): Promise<void> {
  const timed = inspector && {
    start: async () => void (await inspector.post("Profiler.start")),
    stop: async () => {
      const { profile } = await inspector.post("Profiler.stop");
      const file = join(tmpdir(), `bench-${label}-${shape.name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      console.error(`cpu profile: ${file}`);
    },
  };
  const r = await runEngine(shape, setup, timed || undefined);
  report(label, shape, r, { peak_rss_mb: r.peakRssMb, per_run: r.perRun, durable_p50_ms: r.durable.p50, durable_p90_ms: r.durable.p90, durable_max_ms: r.durable.max });
}

const warm: Shape = { name: "warmup", steps: 20, runs: 2, repeat: 1 };
const sqliteSetup = (inProcess: boolean, appInProcess = inProcess): EngineSetup => ({ store: "sqlite", checkpointing: true, inProcess, appInProcess, prismaOnly });

if (sqlite) {
  await runEngine(warm, sqliteSetup(true));
  for (const s of shapes) {
    await engine("engine-sqlite", s, sqliteSetup(true));
    if (appHttp) await engine("engine-sqlite-app-http", s, sqliteSetup(true, false));
    await engine("engine-sqlite-http", s, sqliteSetup(false));
    await engineProcess("engine-sqlite-standalone", s, sqliteSetup(false));
    if (globalFetch) await engine("engine-sqlite-http-global-fetch", s, { ...sqliteSetup(false), globalFetch: true });
    if (memory) await engine("engine-memory", s, { store: "memory", checkpointing: true, inProcess: true, appInProcess: true });
    if (noCheckpointing) await engine("engine-sqlite-http-no-checkpointing", s, { ...sqliteSetup(false), checkpointing: false });
  }
  if (peers) {
    const { runLangGraph } = await import("./peers/langgraph");
    await runLangGraph(warm);
    for (const s of shapes) report("langgraph-sqlite", s, await runLangGraph(s));
  }
}

if (postgres) {
  // A fresh database for this bench run, dropped at the end: the engine gets a fresh schema in it per
  // measurement, DBOS its system tables (schema `dbos`).
  const dbName = `baton_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const u = new URL(PG_URL);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  try {
    const pgSetup = (inProcess: boolean, appInProcess = inProcess): EngineSetup => ({ store: "postgres", pgUrl: url, checkpointing: true, inProcess, appInProcess });
    await runEngine(warm, pgSetup(true));
    for (const s of shapes) {
      await engine("engine-postgres", s, pgSetup(true));
      if (appHttp) await engine("engine-postgres-app-http", s, pgSetup(true, false));
      await engine("engine-postgres-http", s, pgSetup(false));
      await engineProcess("engine-postgres-standalone", s, pgSetup(false));
      if (globalFetch) await engine("engine-postgres-http-global-fetch", s, { ...pgSetup(false), globalFetch: true });
    }
    if (peers) {
      const { startDbos, stopDbos, runDbos } = await import("./peers/dbos");
      for (const commit of ["sync", "async"] as const) {
        await startDbos(url, commit);
        await runDbos(warm);
        for (const s of shapes) report(`dbos-postgres-${commit}-commit`, s, await runDbos(s));
        await stopDbos();
      }
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

// Ratios: engine ÷ peer per step for the same shape, measured in this run (lower is better): wall time, and CPU
// time of this process (the fairer figure on a shared machine; excludes PostgreSQL's own CPU on both sides).
const pairs: Array<[string, string]> = [
  ["engine-sqlite", "langgraph-sqlite"],
  ["engine-sqlite-app-http", "langgraph-sqlite"],
  ["engine-sqlite-http", "langgraph-sqlite"],
  ["engine-sqlite-http-global-fetch", "langgraph-sqlite"],
  ["engine-sqlite-standalone", "langgraph-sqlite"],
  ["engine-postgres", "dbos-postgres-sync-commit"],
  ["engine-postgres", "dbos-postgres-async-commit"],
  ["engine-postgres-app-http", "dbos-postgres-sync-commit"],
  ["engine-postgres-app-http", "dbos-postgres-async-commit"],
  ["engine-postgres-http", "dbos-postgres-sync-commit"],
  ["engine-postgres-http", "dbos-postgres-async-commit"],
  ["engine-postgres-standalone", "dbos-postgres-sync-commit"],
  ["engine-postgres-standalone", "dbos-postgres-async-commit"],
];
for (const s of shapes)
  for (const [a, b] of pairs) {
    const ra = results.get(`${a}|${s.name}`);
    const rb = results.get(`${b}|${s.name}`);
    if (ra && rb)
      console.log(
        JSON.stringify({
          ratio: `${a} / ${b}`,
          scenario: s.name,
          wall: Math.round((msPerStep(ra) / msPerStep(rb)) * 100) / 100,
          cpu: Math.round((cpuMsPerStep(ra) / cpuMsPerStep(rb)) * 100) / 100,
        }),
      );
  }
// DBOS keeps a pg pool and timers; the bench is done.
process.exit(0);
