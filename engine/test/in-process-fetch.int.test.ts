import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type BatonEngine } from "../index.js";
import { MemoryEngineStore } from "../store/memory-store.js";
import { EVENT_KEY, SIGNING_KEY } from "./harness.js";

// engine.inProcessFetch(): the SDK → engine direction without a socket, through the same route code.
describe("engine.inProcessFetch", () => {
  let engine: BatonEngine;
  let close: () => Promise<void>;
  let engineUrl = "";
  const fellBack: string[] = [];

  beforeAll(async () => {
    engine = createEngine({ store: new MemoryEngineStore(), signingKey: SIGNING_KEY, eventKey: EVENT_KEY });
    const listening = await engine.listen(0);
    engineUrl = listening.url;
    const fallback = ((input: string | URL | Request, init?: RequestInit) => {
      fellBack.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    }) as typeof fetch;
    const client = new Inngest({
      id: "inproc",
      signingKey: SIGNING_KEY,
      eventKey: EVENT_KEY,
      baseUrl: engineUrl,
      fetch: engine.inProcessFetch(fallback),
      logger: { info() {}, warn() {}, error() {}, debug() {} },
    });
    const fn = client.createFunction({ id: "three", triggers: [{ event: "t/three" }] }, async ({ step }) => {
      const a = await step.run("a", () => 1);
      const b = await step.run("b", () => a + 1);
      await step.sendEvent("emit", { name: "t/emitted", data: {} });
      return a + b;
    });
    const server = createServer(serve({ client, functions: [fn] }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    await engine.start();
    await engine.syncApp(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`);
    close = async () => {
      await engine.stop();
      await listening.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    };
  });
  afterAll(() => close?.());

  it("runs a function with checkpoints and events in-process, never through the fallback", async () => {
    const [id] = await engine.send({ name: "t/three", data: {} });
    let run = await engine.getRun(id!);
    for (let i = 0; i < 200 && run?.status !== "Completed"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      run = (await engine.listRuns({})).find((r) => r.functionId.endsWith("three")) ?? null;
    }
    expect(run?.status).toBe("Completed");
    expect(run?.output).toBe(3);
    expect(engine.health().stats.checkpoints).toBeGreaterThan(0);
    expect(fellBack).toEqual([]);
  });

  it("applies the same routes and auth as the HTTP server; other origins go to the fallback", async () => {
    const f = engine.inProcessFetch(async (input) => new Response(`fallback:${String(input)}`));
    const health = await f(`${engineUrl}/health`);
    expect(health.status).toBe(200);
    const denied = await f(`${engineUrl}/v1/runs`, { headers: { authorization: "Bearer nope" } });
    expect(denied.status).toBe(401);
    const other = await f("http://127.0.0.1:1/x");
    expect(await other.text()).toBe("fallback:http://127.0.0.1:1/x");
  });
});
