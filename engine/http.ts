import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BearerCheck, safeEqual } from "./auth.js";
import { Engine, EngineError } from "./engine.js";
import { checkpointBodySchema, registerBodySchema } from "./protocol.js";
import type { FunctionConfig } from "./store/types.js";

/** Transport-neutral request/response so the same routes serve `fetch(Request)` and `node:http`. */
export interface RawRequest {
  method: string;
  path: string;
  header(name: string): string | null;
  text(): Promise<string>;
}
export interface RawResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown): RawResponse => ({
  status,
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});

export class EngineHttp {
  private readonly bearer: BearerCheck;
  constructor(
    private readonly engine: Engine,
    private readonly eventKey: string,
    signingKey: string,
    signingKeyFallback?: string,
  ) {
    this.bearer = new BearerCheck([signingKey, signingKeyFallback]);
  }

  async handle(req: RawRequest): Promise<RawResponse> {
    try {
      return await this.route(req);
    } catch (err) {
      if (err instanceof EngineError) return json(err.status, { error: err.message, status: err.status });
      if (err instanceof SyntaxError) return json(400, { error: "request body is not valid JSON", status: 400 });
      return json(500, { error: err instanceof Error ? err.message : String(err), status: 500 });
    }
  }

  private requireBearer(req: RawRequest): RawResponse | undefined {
    if (this.bearer.ok(req.header("authorization"))) return undefined;
    return json(401, {
      error: "Unauthorized: send `Authorization: Bearer <hashed signing key>` for this engine's signing key",
      status: 401,
    });
  }

  private async route(req: RawRequest): Promise<RawResponse> {
    const { method } = req;
    const path = req.path.replace(/\/+$/, "") || "/";
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);

    if (method === "GET" && path === "/health") {
      const h = this.engine.health();
      return json(h.ok ? 200 : 503, h);
    }

    // POST /e/:eventKey
    if (method === "POST" && parts[0] === "e" && parts.length === 2) {
      if (!safeEqual(parts[1] ?? "", this.eventKey))
        return json(401, { error: "Unauthorized: unknown event key", status: 401 });
      const body = JSON.parse(await req.text()) as unknown;
      const ids = await this.engine.send(body, { seed: req.header("x-inngest-event-id-seed") });
      return json(200, { ids, status: 200 });
    }

    const denied = this.requireBearer(req);
    if (denied) return denied;

    // POST /v1/checkpoint/:runId/async
    if (method === "POST" && parts[0] === "v1" && parts[1] === "checkpoint" && parts[3] === "async" && parts.length === 4) {
      const body = checkpointBodySchema.parse(JSON.parse(await req.text()));
      await this.engine.checkpoint(parts[2]!, body);
      return json(200, { ok: true });
    }

    // POST /v1/signals {signal, data}: resumes the run waiting on the signal (step.waitForSignal)
    if (method === "POST" && path === "/v1/signals") {
      const body = JSON.parse(await req.text()) as { signal?: unknown; data?: unknown } | null;
      const runId = await this.engine.sendSignal(body?.signal, body?.data);
      return runId ? json(200, { data: { run_id: runId } }) : json(404, { error: "No signal found", status: 404 });
    }

    const refused = refusedRoute(method, parts);
    if (refused) return json(501, { error: refused, status: 501 });

    // POST /fn/register
    if (method === "POST" && path === "/fn/register") {
      const parsed = registerBodySchema.safeParse(JSON.parse(await req.text()));
      if (!parsed.success) return json(400, { error: parsed.error.issues[0]?.message ?? "invalid body", status: 400 });
      const { modified } = await this.engine.registerApp(parsed.data.appName, parsed.data.functions as FunctionConfig[]);
      return json(200, { ok: true, modified });
    }

    // Runs: GET /v1/runs/:runId, DELETE /v1/runs/:runId (cancel, as Inngest's REST API), GET /v1/runs
    if (parts[0] === "v1" && parts[1] === "runs") {
      if (parts.length === 3 && method === "GET") {
        const run = await this.engine.getRun(parts[2]!);
        return run ? json(200, { data: run }) : json(404, { error: "run not found", status: 404 });
      }
      if (parts.length === 3 && method === "DELETE") {
        const id = parts[2]!;
        if (await this.engine.cancelRun(id)) return json(200, { data: { run_id: id, status: "Cancelled" } });
        const run = await this.engine.getRun(id);
        return run
          ? json(409, { error: `run is already ${run.status}`, status: 409 })
          : json(404, { error: "run not found", status: 404 });
      }
      if (parts.length === 2 && method === "GET") {
        return json(200, { data: await this.engine.listRuns({ limit: 100 }) });
      }
    }

    return json(404, { error: `no route for ${method} ${path}`, status: 404 });
  }

  /** `fetch`-style entry point (mountable in any framework). */
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const res = await this.handle({
      method: request.method,
      path: url.pathname,
      header: (n) => request.headers.get(n),
      text: () => request.text(),
    });
    return new Response(res.body, { status: res.status, headers: res.headers });
  }

  /** Origins (`http://host:port`) this engine serves on, for `inProcessFetch`. */
  readonly origins = new Set<string>();

  /**
   * A `fetch` for clients living in the engine's process (e.g. the Inngest client's `fetch` option): requests
   * to this engine's own origins (those of `listen()`, plus `baseUrls`) go straight to the same route code as
   * the HTTP server (`handle`), without a socket; anything else goes to `fallback`.
   */
  inProcessFetch(fallback: typeof fetch = globalThis.fetch, baseUrls: string[] = []): typeof fetch {
    const extra = new Set(baseUrls.map((u) => new URL(u).origin));
    const self = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      if (input instanceof Request) {
        const origin = new URL(input.url).origin;
        return this.origins.has(origin) || extra.has(origin) ? this.fetch(input) : fallback(input, init);
      }
      const url = typeof input === "string" ? new URL(input) : input;
      if (!this.origins.has(url.origin) && !extra.has(url.origin)) return fallback(input, init);
      const body = init?.body;
      // Bodies other than strings (streams, forms, …): let Request parse them, same route code.
      if (body !== undefined && body !== null && typeof body !== "string") return this.fetch(new Request(url, init));
      const headers = headerLookup(init?.headers);
      const res = await this.handle({
        method: (init?.method ?? "GET").toUpperCase(),
        path: url.pathname,
        header: (n) => headers(n.toLowerCase()),
        text: async () => body ?? "",
      });
      return new Response(res.body, { status: res.status, headers: res.headers });
    };
    return self as typeof fetch;
  }

  listen(port: number, host = "127.0.0.1"): Promise<{ url: string; port: number; close(): Promise<void> }> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = (req.url ?? "/").split("?")[0] ?? "/";
        void this.handle({
          method: req.method ?? "GET",
          path: raw,
          header: (n) => {
            const v = req.headers[n.toLowerCase()];
            return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
          },
          text: async () => Buffer.concat(chunks).toString("utf8"),
        }).then((r) => {
          res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
          res.end(r.body);
        });
      });
    });
    server.keepAliveTimeout = 65_000;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        const addr = server.address() as AddressInfo;
        const h = host.includes(":") ? `[${host}]` : host;
        const url = `http://${h}:${addr.port}`;
        const local = ["127.0.0.1", "0.0.0.0", "localhost", "::1", "::"].includes(host);
        const mine = [new URL(url).origin, ...(local ? [`http://localhost:${addr.port}`, `http://127.0.0.1:${addr.port}`] : [])];
        for (const o of mine) this.origins.add(o);
        resolve({
          url,
          port: addr.port,
          close: () =>
            new Promise<void>((r) => {
              for (const o of mine) this.origins.delete(o);
              server.closeAllConnections();
              server.close(() => r());
            }),
        });
      });
    });
  }
}

/**
 * Endpoints of SDK features the engine deliberately leaves out answer 501 with the reason, so the SDK reports
 * it (Connect's handshake error, a durable endpoint's checkpoint error) instead of a bare 404.
 */
function refusedRoute(method: string, parts: string[]): string | undefined {
  const [a, b, , d] = parts;
  if (a === "v0" && b === "connect")
    return "Connect (WebSocket workers) is not supported by the embedded engine: serve the functions over HTTP with serve() and sync the app, or use Inngest";
  const endpoint =
    (a === "v1" && b === "checkpoint" && method === "POST" && (parts.length === 2 || (parts.length === 4 && d === "steps"))) ||
    (a === "v1" && b === "http" && parts[2] === "runs");
  if (endpoint) return "durable endpoints (inngest.endpoint) are not supported by the embedded engine: use createFunction with serve(), or Inngest";
  return undefined;
}

/** Case-insensitive lookup over `RequestInit.headers` (plain object, `Headers` or pairs). */
function headerLookup(h: RequestInit["headers"]): (lowerName: string) => string | null {
  if (!h) return () => null;
  if (h instanceof Headers) return (n) => h.get(n);
  const m = new Map<string, string>();
  for (const [k, v] of Array.isArray(h) ? h : Object.entries(h)) if (v !== undefined) m.set(k.toLowerCase(), String(v));
  return (n) => m.get(n) ?? null;
}
