/**
 * Baton's embedded Inngest-compatible engine. Standalone: it runs any inngest v4 function through the SDK's
 * HTTP serve protocol and knows nothing of Baton. See engine/README.md.
 */
import { Engine, type EngineOptions, type RunView } from "./engine.js";
import { EngineHttp } from "./http.js";
import type { RunFilter } from "./store/types.js";

export type { EngineLogger, EngineOptions, RunView } from "./engine.js";
export { EngineError } from "./engine.js";
export type * from "./store/types.js";
export { MemoryEngineStore } from "./store/memory-store.js";
export { hashedSigningKey, signBody } from "./auth.js";

export interface BatonEngine {
  /** The engine's HTTP API as a fetch handler (mount it anywhere). */
  fetch(req: Request): Promise<Response>;
  /**
   * A `fetch` for an Inngest client in this process (`new Inngest({ fetch: engine.inProcessFetch() })`):
   * requests to this engine's own URLs (those `listen()` serves, plus `baseUrls`) run the same HTTP route code
   * in-process, without a socket; everything else goes to `fallback` (default: global fetch).
   */
  inProcessFetch(fallback?: typeof fetch, baseUrls?: string[]): typeof fetch;
  /** Serves the HTTP API on its own port. */
  listen(port: number, host?: string): Promise<{ url: string; port: number; close(): Promise<void> }>;
  /** Syncs an app: in-band PUT, falling back to the app's out-of-band POST /fn/register. */
  syncApp(serveUrl: string): Promise<{ kind: "in_band" | "out_of_band"; appId?: string; functions?: number }>;
  /** Loads state from the store, resumes unfinished runs, starts timers, cron and queue workers. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Same as POST /e/:eventKey, in-process. */
  send(events: unknown, opts?: { seed?: string }): Promise<string[]>;
  getRun(runId: string): Promise<RunView | null>;
  listRuns(filter?: RunFilter): Promise<RunView[]>;
  cancelRun(runId: string): Promise<boolean>;
  /** Same as POST /v1/signals: resumes the run whose step.waitForSignal owns `signal`; undefined when none does. */
  sendSignal(signal: string, data?: unknown): Promise<string | undefined>;
  health(): ReturnType<Engine["health"]>;
}

export function createEngine(opts: EngineOptions): BatonEngine {
  const engine = new Engine(opts);
  const http = new EngineHttp(engine, opts.eventKey, opts.signingKey, opts.signingKeyFallback);
  return {
    fetch: (req) => http.fetch(req),
    inProcessFetch: (fallback, baseUrls) => http.inProcessFetch(fallback, baseUrls),
    listen: (port, host) => http.listen(port, host),
    syncApp: (url) => engine.syncApp(url),
    start: () => engine.start(),
    stop: () => engine.stop(),
    send: (events, o) => engine.send(events, o),
    getRun: (id) => engine.getRun(id),
    listRuns: (f) => engine.listRuns(f),
    cancelRun: (id) => engine.cancelRun(id),
    sendSignal: (signal, data) => engine.sendSignal(signal, data),
    health: () => engine.health(),
  };
}
