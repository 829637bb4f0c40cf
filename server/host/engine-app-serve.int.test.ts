import { Inngest } from "inngest";
import { serve } from "inngest/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, MemoryEngineStore, signBody, type BatonEngine } from "@/engine/index";
import { appServeFetch, registerAppServe, serveHandlerFetch, type ServeHandlers } from "@/server/runtime/app-serve";

const SIGNING_KEY = "signkey-test-" + "cd34".repeat(16);
const EVENT_KEY = "app-serve-event-key";
const ENGINE_URL = "http://engine.invalid";
const SERVE_URL = "http://app.invalid/api/inngest";

// Embedded mode, engine → app without a socket: the engine's appFetch hands its signed Requests to the
// SDK's Next.js serve handlers (what app/api/inngest/route.ts registers). Neither side listens on a port
// here, so a request that left the process would fail.
describe("engine → app in-process (serveHandlerFetch)", () => {
  let engine: BatonEngine;
  let handlers: ServeHandlers;
  const network: string[] = [];
  const noNetwork = ((input: string | URL | Request) => {
    network.push(String(input instanceof Request ? input.url : input));
    return Promise.reject(new Error("no network in this test"));
  }) as typeof fetch;
  let attempts = 0;

  beforeAll(async () => {
    engine = createEngine({
      store: new MemoryEngineStore(),
      signingKey: SIGNING_KEY,
      eventKey: EVENT_KEY,
      retryBackoff: () => 0,
      appFetch: serveHandlerFetch(SERVE_URL, () => handlers, noNetwork),
    });
    const client = new Inngest({
      id: "app-serve",
      signingKey: SIGNING_KEY,
      eventKey: EVENT_KEY,
      baseUrl: ENGINE_URL,
      fetch: engine.inProcessFetch(noNetwork, [ENGINE_URL]),
      logger: { info() {}, warn() {}, error() {}, debug() {} },
    });
    const fn = client.createFunction({ id: "three", triggers: [{ event: "t/three" }] }, async ({ step }) => {
      const a = await step.run("a", () => 1);
      const b = await step.run("flaky", () => {
        if (++attempts < 2) throw new Error("first attempt fails");
        return a + 1;
      });
      return a + b;
    });
    const h = serve({ client, functions: [fn], serveOrigin: "http://app.invalid" });
    handlers = { GET: (r) => h.GET(r as never, undefined), POST: (r) => h.POST(r as never, undefined), PUT: (r) => h.PUT(r as never, undefined) };
    await engine.start();
    const synced = await engine.syncApp(SERVE_URL);
    expect(synced).toMatchObject({ kind: "in_band", functions: 1 });
  });
  afterAll(() => engine?.stop());

  it("runs a function with a retried step through the serve handler, never through the network", async () => {
    const finished = new Promise<void>((resolve) => {
      const poll = async () => {
        const runs = await engine.listRuns({});
        if (runs.some((r) => r.status !== "Running")) return resolve();
        setImmediate(() => void poll());
      };
      void poll();
    });
    await engine.send({ name: "t/three", data: {} });
    await finished;
    const [run] = await engine.listRuns({});
    expect(run?.status).toBe("Completed");
    expect(run?.output).toBe(3);
    expect(attempts).toBe(2);
    expect(engine.health().stats.callRequests).toBeGreaterThan(0);
    expect(network).toEqual([]);
  });

  it("still goes through the SDK's signature check: a request signed with another key is refused", async () => {
    const f = serveHandlerFetch(SERVE_URL, () => handlers, noNetwork);
    const body = JSON.stringify({ event: {}, events: [], steps: {}, ctx: { run_id: "x", attempt: 0, stack: { stack: [] } } });
    const res = await f(`${SERVE_URL}?fnId=app-serve-three&stepId=step`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-inngest-signature": signBody(body, "signkey-test-" + "ef56".repeat(16), Date.now()) },
      body,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "Unauthorized" });
    expect(network).toEqual([]);
  });

  it("sends other URLs and methods without a handler to the fallback, and rejects on abort as fetch does", async () => {
    const seen: string[] = [];
    const fallback = (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(`${init?.method ?? "GET"} ${String(input)}`);
      return new Response("fallback");
    }) as typeof fetch;
    const hanging: ServeHandlers = { POST: () => new Promise<Response>(() => {}) };
    const f = serveHandlerFetch(SERVE_URL, () => hanging, fallback);
    expect(await (await f("http://app.invalid/api/other", { method: "POST", body: "{}" })).text()).toBe("fallback");
    expect(await (await f("http://other.invalid/api/inngest", { method: "POST", body: "{}" })).text()).toBe("fallback");
    expect(await (await f(SERVE_URL, { method: "PUT", body: "{}" })).text()).toBe("fallback");
    expect(seen).toEqual(["POST http://app.invalid/api/other", "POST http://other.invalid/api/inngest", "PUT http://app.invalid/api/inngest"]);

    const abort = new AbortController();
    const pending = f(`${SERVE_URL}?fnId=x`, { method: "POST", body: "{}", signal: abort.signal });
    abort.abort(new Error("engine stopping"));
    await expect(pending).rejects.toThrow("engine stopping");
  });

  it("appServeFetch uses the network until the route registers its handlers, then the handlers", async () => {
    const seen: string[] = [];
    const fallback = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response("network");
    }) as typeof fetch;
    const f = appServeFetch(SERVE_URL, fallback);
    registerAppServe(undefined);
    expect(await (await f(SERVE_URL, { method: "POST", body: "{}" })).text()).toBe("network");
    registerAppServe({ POST: async () => new Response("route") });
    try {
      expect(await (await f(SERVE_URL, { method: "POST", body: "{}" })).text()).toBe("route");
    } finally {
      registerAppServe(undefined);
    }
    expect(seen).toEqual([SERVE_URL]);
  });
});
