/**
 * The engine in a process of its own, as `npm run engine` runs it, for the bench's two-process standalone
 * topology (`engine-*-standalone`): forked by engine-process.ts with an IPC channel, it opens the bench store
 * on the database the parent migrated, listens on 127.0.0.1:0 and answers the parent's messages: sync the app,
 * send events, report stats and CPU, stop. Runs that finish are reported one message each.
 */
import { createEngine } from "@/engine";
import { EVENT_KEY, SIGNING_KEY, openBenchStore, type EngineSetup } from "./engine-scenario";

type Msg =
  | { t: "sync"; serveUrl: string }
  | { t: "send"; events: Array<{ name: string; data: unknown }> }
  | { t: "mark" }
  | { t: "stop" };

const send = (m: unknown) => process.send!(m);
const cfg = JSON.parse(process.env.BENCH_ENGINE_CHILD ?? "{}") as { url: string; setup: EngineSetup };
const { store, lags, applies, close } = await openBenchStore(cfg.setup, cfg.url);
const engine = createEngine({
  store,
  signingKey: SIGNING_KEY,
  eventKey: EVENT_KEY,
  checkpointing: cfg.setup.checkpointing,
  onRunFinished: (r) => {
    if (r.status !== "Completed") console.error(`run ${r.id} ${r.status}`, r.error);
    send({ t: "finished" });
  },
});
const listening = await engine.listen(0);
await engine.start();

process.on("message", (m: Msg) => {
  void (async () => {
    if (m.t === "sync") {
      await engine.syncApp(m.serveUrl);
      send({ t: "synced" });
    } else if (m.t === "send") {
      await engine.send(m.events);
    } else if (m.t === "mark") {
      const c = process.cpuUsage();
      const stats = engine.health().stats;
      send({ t: "marked", cpuMs: (c.user + c.system) / 1000, rss: process.memoryUsage.rss(), stats, applies: applies.n, lags: lags.splice(0) });
    } else if (m.t === "stop") {
      await engine.stop();
      await listening.close();
      await close();
      send({ t: "stopped" });
      process.exit(0);
    }
  })().catch((e: unknown) => {
    console.error("bench engine child:", e);
    process.exit(1);
  });
});
send({ t: "ready", url: listening.url });
