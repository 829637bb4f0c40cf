/**
 * Standalone in two processes (`engine-*-standalone`), the deployment `npm run engine` + `BATON_ENGINE=external`
 * makes: the engine in a child process of its own (engine-child.ts, forked with the host's Node flags), the app
 * here (the SDK's `serve` from inngest/node on 127.0.0.1, its client sending through `httpFetch` as Baton's app
 * does in external mode over http). Both directions over loopback HTTP. CPU is both processes' together; events
 * go to the engine over the IPC channel (the one-process lines call `engine.send` directly).
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { httpFetch } from "@/server/runtime/http-fetch";
import { migrate } from "@/scripts/db.mjs";
import type { Shape } from "./peers/shape";
import {
  EVENT_KEY,
  SIGNING_KEY,
  RunCounter,
  benchFunction,
  driveBatches,
  dropSchema,
  percentiles,
  withSchema,
  type EngineResult,
  type EngineSetup,
} from "./engine-scenario";

type Marked = { cpuMs: number; rss: number; stats: { callRequests: number; checkpoints: number }; applies: number; lags: number[] };

export async function runEngineProcess(shape: Shape, setup: EngineSetup): Promise<EngineResult> {
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-"));
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const postgres = setup.store === "postgres";
  const url = postgres ? withSchema(setup.pgUrl!, schema) : `file:${join(dir, "bench.db")}`;
  await migrate(url, { log: () => {} });

  const child: ChildProcess = fork(join(import.meta.dirname, "engine-child.ts"), [], {
    execArgv: ["--max-semi-space-size=32", "--import", "tsx"],
    env: { ...process.env, BENCH_ENGINE_CHILD: JSON.stringify({ url, setup }) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiters = new Map<string, Array<(m: Record<string, unknown>) => void>>();
  const counter = new RunCounter();
  child.on("message", (m: Record<string, unknown>) => {
    if (m.t === "finished") return counter.finished();
    waiters.get(m.t as string)?.shift()?.(m);
  });
  const next = <T>(t: string) => new Promise<T>((r) => (waiters.get(t) ?? waiters.set(t, []).get(t)!).push(r as (m: Record<string, unknown>) => void));
  const mark = () => (child.send({ t: "mark" }), next<Marked>("marked"));
  const { url: engineUrl } = await next<{ url: string }>("ready");

  const client = new Inngest({
    id: "bench",
    signingKey: SIGNING_KEY,
    eventKey: EVENT_KEY,
    baseUrl: engineUrl,
    fetch: httpFetch(),
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  });
  const app = createServer(serve({ client, functions: [benchFunction(client)] }));
  app.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  child.send({ t: "sync", serveUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest` });
  await next("synced");

  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 250);
  const before = await mark();
  const { ms, cpuMs } = await driveBatches(shape, counter, (events) => child.send({ t: "send", events }));
  const after = await mark();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());

  child.send({ t: "stop" });
  await next("stopped");
  app.closeAllConnections();
  await new Promise<void>((r) => app.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  if (postgres) await dropSchema(setup.pgUrl!, schema);
  const runs = shape.runs * shape.repeat;
  const round2 = (v: number) => Math.round(v * 100) / 100;
  return {
    ms,
    cpuMs: cpuMs + (after.cpuMs - before.cpuMs),
    steps: shape.steps * shape.runs * shape.repeat,
    // Both processes at the end of the timed part (the child's RSS is sampled only then).
    peakRssMb: Math.round((peak + after.rss) / 1024 / 1024),
    perRun: {
      callRequests: round2((after.stats.callRequests - before.stats.callRequests) / runs),
      checkpoints: round2((after.stats.checkpoints - before.stats.checkpoints) / runs),
      storeWrites: round2((after.applies - before.applies) / runs),
    },
    durable: percentiles(after.lags),
  };
}
