/**
 * Integration-test harness for the process runtime: a real migrated database, the embedded engine
 * (Prisma store, real HTTP), a real inngest client and `serve` on 127.0.0.1:0 serving the
 * functions of every published version, re-synced after each publish like the app does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { startEmbeddedEngine, type RunningEngine } from "@/server/host/engine";
import { createTestDatabase, type TestDatabase } from "@/server/testing/databases";
import type { Db, DbProvider } from "@/server/db/client";
import { createProcessFunctions } from "@/inngest/functions/process-functions";
import { listPublishedVersions, listSchedules } from "@/server/processes/processes.service";
import { seedExampleProcesses } from "@/server/processes/seed";
import { registerResync } from "../resync";
import { createRuntimeDeps, type RuntimeDeps } from "../runtime-deps";
import type { BuildOptions } from "@/server/providers/registry";

export const TEST_AUTH_SECRET = "test-auth-secret-0123456789abcdef0123456789";
const SIGNING_KEY = `signkey-test-${"ab".repeat(32)}`;
const EVENT_KEY = "runtime-test-event-key";

export interface RuntimeHarness {
  db: Db;
  deps: RuntimeDeps;
  client: Inngest.Any;
  engine: RunningEngine;
  serveUrl: string;
  resync(): Promise<void>;
  close(): Promise<void>;
}

export async function startRuntimeHarness(opts: { provider?: DbProvider; seed?: boolean; providerOptions?: BuildOptions; database?: TestDatabase } = {}): Promise<RuntimeHarness> {
  const database = opts.database ?? (await createTestDatabase(opts.provider ?? "sqlite"));
  const db = database.handle.db;
  const engine = await startEmbeddedEngine({ db, port: 0, signingKey: SIGNING_KEY, eventKey: EVENT_KEY, checkpointing: true, log: () => {} });
  const client = new Inngest({
    id: "baton",
    isDev: false,
    baseUrl: engine.url,
    signingKey: SIGNING_KEY,
    eventKey: EVENT_KEY,
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  }) as unknown as Inngest.Any;
  const deps = createRuntimeDeps({ db, events: client, masterKey: TEST_AUTH_SECRET, latencyScale: 0, providerOptions: opts.providerOptions });

  let handler: (req: IncomingMessage, res: ServerResponse) => unknown = (_req, res) => res.end();
  const rebuild = async () => {
    const functions = createProcessFunctions(client, await listPublishedVersions(db), deps, await listSchedules(db));
    handler = serve({ client, functions }) as unknown as typeof handler;
  };
  // Function calls still running when the harness closes (the engine stops waiting for them, the
  // code goes on) would write to a database the test is about to drop: close waits for them.
  const calls = new Set<Promise<unknown>>();
  const server = createServer((req, res) => {
    const call = Promise.resolve(handler(req, res)).catch(() => {});
    calls.add(call);
    void call.finally(() => calls.delete(call));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const serveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;

  // What the host registers: rebuild the served list, then an in-band sync (no engine restart).
  const resync = async () => {
    await rebuild();
    await engine.engine.syncApp(serveUrl);
  };
  if (opts.seed !== false) await seedExampleProcesses(db, { masterKey: TEST_AUTH_SECRET });
  await rebuild();
  await engine.syncApp(serveUrl); // first sync also starts the engine
  registerResync(resync);

  return {
    db,
    deps,
    client,
    engine,
    serveUrl,
    resync,
    async close() {
      registerResync(undefined);
      await engine.stop();
      await Promise.race([Promise.allSettled([...calls]), new Promise((r) => setTimeout(r, 15_000).unref())]);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!opts.database) await database.drop();
    },
  };
}

/** Polls until `fn` returns a truthy value. */
export async function waitFor<T>(fn: () => Promise<T> | T, label: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
