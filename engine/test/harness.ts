/**
 * Conformance harness: a real inngest v4 client + `serve` from inngest/node (cloud mode, signed) on
 * 127.0.0.1:0, and the engine on its own port, talking over real HTTP.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import { Inngest, type InngestFunction } from "inngest";
import { afterEach } from "vitest";
import { serve } from "inngest/node";
import { createEngine, type BatonEngine, type EngineOptions } from "../index.js";
import { MemoryEngineStore } from "../store/memory-store.js";
import type { EngineStore } from "../store/types.js";

export const SIGNING_KEY = "signkey-test-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
export const SIGNING_KEY_FALLBACK = "signkey-test-fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
export const EVENT_KEY = "test-event-key-1234";

export interface Harness {
  engine: BatonEngine;
  engineUrl: string;
  serveUrl: string;
  client: Inngest.Any;
  store: EngineStore;
  /** Re-sync (after adding functions). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export function makeClient(engineUrl: string, id = "conf"): Inngest.Any {
  return new Inngest({
    id,
    signingKey: SIGNING_KEY,
    eventKey: EVENT_KEY,
    baseUrl: engineUrl,
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  }) as unknown as Inngest.Any;
}

/**
 * The SDK's node handler, handed only requests whose body arrived whole (as behind Next.js, Baton's real host).
 * A restart test stops the engine mid-call: the call request's connection dies while its body is in transit, and
 * the SDK's node adapter then rejects inside its signature check with nobody awaiting it (an unhandled
 * rejection in the test run, not an engine outcome). Such a request never reaches the SDK here.
 */
export function wholeBodies(handler: RequestListener): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => {}); // aborted by the client: nothing was handed over
    req.on("end", () => {
      const replay = Object.assign(Readable.from(chunks.length ? [Buffer.concat(chunks)] : []), {
        headers: req.headers,
        method: req.method,
        url: req.url,
        socket: req.socket,
      });
      void handler(replay as unknown as IncomingMessage, res);
    });
  };
}

async function listenServer(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return (server.address() as AddressInfo).port;
}

/**
 * Starts engine + app. `define(client)` returns the functions to serve; it receives the client that points
 * at the engine (the engine URL is only known after it listens).
 */
export async function startHarness(
  define: (client: Inngest.Any) => InngestFunction.Any[],
  opts: Partial<EngineOptions> & { store?: EngineStore; appId?: string } = {},
): Promise<Harness> {
  const store = opts.store ?? new MemoryEngineStore();
  const engine = createEngine({
    signingKey: SIGNING_KEY,
    signingKeyFallback: SIGNING_KEY_FALLBACK,
    eventKey: EVENT_KEY,
    retryBackoff: () => 50,
    ...opts,
    store,
  });
  const listening = await engine.listen(0);
  const client = makeClient(listening.url, opts.appId);
  const functions = define(client);
  const server = createServer(wholeBodies(serve({ client, functions })));
  server.keepAliveTimeout = 65_000;
  const port = await listenServer(server);
  const serveUrl = `http://127.0.0.1:${port}/api/inngest`;
  await engine.start();
  await engine.syncApp(serveUrl);
  return {
    engine,
    engineUrl: listening.url,
    serveUrl,
    client,
    store,
    sync: async () => void (await engine.syncApp(serveUrl)),
    close: async () => {
      await engine.stop();
      await listening.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Polls until `fn` returns a truthy value. */
export async function waitFor<T>(fn: () => Promise<T> | T, timeoutMs = 20_000, label = "condition"): Promise<NonNullable<T>> {
  const started = Date.now();
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits for the single run of `functionId` (composite id) to reach a terminal status. */
export async function waitForRun(h: Harness, functionId: string, timeoutMs = 20_000, index = 0) {
  return waitFor(
    async () => {
      const runs = await h.engine.listRuns({ functionId, limit: 1000 });
      const sorted = runs.sort((a, b) => (a.id < b.id ? -1 : 1));
      const r = sorted[index];
      if (!r || r.status === "Running") return undefined;
      return h.engine.getRun(r.id);
    },
    timeoutMs,
    `run ${index} of ${functionId} to finish`,
  );
}

export function counter() {
  const counts = new Map<string, number>();
  return {
    hit(k: string) {
      counts.set(k, (counts.get(k) ?? 0) + 1);
    },
    get(k: string) {
      return counts.get(k) ?? 0;
    },
    all() {
      return Object.fromEntries(counts);
    },
  };
}

/**
 * Per-suite harness bookkeeping: `start` opens a harness on a fresh store from `makeStore` (closed after each test),
 * `runsOf` lists a function's runs oldest first, `restart` stops and starts the engine on the same store.
 */
export function useSuiteHarness(makeStore: () => Promise<EngineStore> | EngineStore) {
  let current: Harness | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const get = (): Harness => {
    if (!current) throw new Error("no harness started in this test");
    return current;
  };
  return {
    start: async (...[define, opts = {}]: Parameters<typeof startHarness>) =>
      (current = await startHarness(define, { ...opts, store: opts.store ?? (await makeStore()) })),
    get h(): Harness {
      return get();
    },
    runsOf: async (fnId: string) => (await get().engine.listRuns({ functionId: fnId, limit: 1000 })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    restart: async () => {
      await get().engine.stop();
      await get().engine.start();
    },
  };
}

/**
 * A suite's harness slot: `start` runs startHarness on a fresh store from `makeStore` (unless given a store) and
 * keeps the harness in `slot.h`, which is closed after each test.
 */
export function suiteHarness(makeStore: () => Promise<EngineStore> | EngineStore) {
  const slot: { h?: Harness } = {};
  afterEach(async () => {
    await slot.h?.close();
    slot.h = undefined;
  });
  const start = async (...[define, opts = {}]: Parameters<typeof startHarness>): Promise<Harness> =>
    (slot.h = await startHarness(define, { ...opts, store: opts.store ?? (await makeStore()) }));
  return { slot, start };
}
