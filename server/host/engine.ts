import { createEngine, type BatonEngine } from "@/engine/index";
import type { Db, SqliteConnection } from "@/server/db/client";
import { PrismaEngineStore } from "@/server/engine-store/prisma-engine-store";

export interface RunningEngine {
  engine: BatonEngine;
  url: string;
  syncApp(serveUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the embedded engine with its state in the app database; with a `port`, also its HTTP
 * listener on 127.0.0.1 (for SDK apps in other processes). Only Baton's own keys are accepted by its
 * endpoints, so nobody who can reach the app can inject events or results.
 */
export async function startEmbeddedEngine(opts: {
  db: Db;
  /** SQLite: Prisma's own connection, for the store's synchronous write path. */
  sqliteConnection?: SqliteConnection;
  /** Undefined: no listener; reach the engine through `engine.inProcessFetch()`. */
  port: number | undefined;
  signingKey: string;
  eventKey: string;
  checkpointing: boolean;
  /** Requests to the app (call requests, syncs); default the network. */
  appFetch?: typeof fetch;
  logLevel?: "debug" | "info" | "warn" | "error";
  log: (msg: string) => void;
}): Promise<RunningEngine> {
  const levels = ["debug", "info", "warn", "error"] as const;
  const min = levels.indexOf(opts.logLevel ?? "info");
  const at = (l: (typeof levels)[number]) => levels.indexOf(l) >= min;
  const engine = createEngine({
    store: new PrismaEngineStore(opts.db, { connection: opts.sqliteConnection }),
    signingKey: opts.signingKey,
    eventKey: opts.eventKey,
    checkpointing: opts.checkpointing,
    appFetch: opts.appFetch,
    logger: {
      debug: (m) => at("debug") && opts.log(`engine: ${m}`),
      info: (m) => at("info") && opts.log(`engine: ${m}`),
      warn: (m) => at("warn") && opts.log(`engine warning: ${m}`),
      error: (m) => opts.log(`engine error: ${m}`),
    },
  });
  const server = opts.port === undefined ? undefined : await engine.listen(opts.port, "127.0.0.1");
  return {
    engine,
    url: server?.url ?? "(in-process)",
    async syncApp(serveUrl) {
      // Sync first so recovered runs find their functions, then resume them.
      let lastError: unknown;
      for (let i = 0; i < 20; i++) {
        try {
          const r = await engine.syncApp(serveUrl);
          opts.log(`engine: synced ${r.functions ?? "?"} function(s) from ${serveUrl}`);
          await engine.start();
          return;
        } catch (e) {
          lastError = e;
          await new Promise((r) => setTimeout(r, 250 * (i + 1)));
        }
      }
      throw new Error(`could not sync the app into the engine: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    },
    async stop() {
      await engine.stop();
      await server?.close();
    },
  };
}
