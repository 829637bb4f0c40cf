import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDefer } from "inngest/experimental";
import { serve } from "inngest/node";
import { afterEach, describe, expect, it } from "vitest";
import { hashedSigningKey } from "../../auth.js";
import { makeClient, SIGNING_KEY, suiteHarness, waitFor, waitForRun } from "../harness.js";
import type { EngineStore } from "../../store/types.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local HTTP server standing in for a third-party API; records every request. */
async function fakeApi(reply: (req: Seen) => { status: number; headers?: Record<string, string>; body: string }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(s);
      const r = reply(s);
      res.writeHead(r.status, r.headers ?? {});
      res.end(r.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/**
 * step.fetch (the Gateway op) and step.ai.infer (AIGateway): the engine performs the request and memoises the
 * response, so replays never repeat it. Also what the engine deliberately refuses (createDefer/defer(), durable
 * endpoints, Connect), with the reason instead of silence. Assertions follow the SDK's documented behaviour.
 */
export function defineGatewaySuite(makeStore: () => Promise<EngineStore> | EngineStore): void {
  const { slot: s, start: startHarness } = suiteHarness(makeStore);
  let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  describe("step.fetch and step.ai.infer", () => {
    it("step.fetch: the engine makes the request once; the function gets status, headers and body on every replay", async () => {
      api = await fakeApi((r) => ({ status: 201, headers: { "content-type": "text/plain", "x-reply": "yes" }, body: `got ${r.body}` }));
      const apiUrl = `${api.url}/things?q=1`;
      await startHarness((client) => [
        client.createFunction({ id: "fetcher", triggers: [{ event: "t/fetch" }] }, async ({ step }) => {
          const res = await step.fetch(apiUrl, { method: "POST", body: "hello", headers: { "x-token": "abc" } });
          const text = await res.text();
          await step.sleep("replay", "10ms");
          await step.run("after", () => "after");
          return { status: res.status, text, header: res.headers.get("x-reply") };
        }),
      ]);
      await s.h!.client.send({ name: "t/fetch", data: {} });
      const run = await waitForRun(s.h!, "conf-fetcher");
      expect(run.status).toBe("Completed");
      expect(run.output).toEqual({ status: 201, text: "got hello", header: "yes" });
      // Replayed after the sleep and the step, yet requested once: the response is memoised.
      expect(api.seen).toHaveLength(1);
      expect(api.seen[0]).toMatchObject({ method: "POST", url: "/things?q=1", body: "hello" });
      expect(api.seen[0]!.headers["x-token"]).toBe("abc");
      const memo = run.steps.map((s) => s.memo).find((m) => JSON.stringify(m).includes("status_code")) as { data: Record<string, unknown> };
      expect(memo.data).toMatchObject({ status_code: 201, body: "got hello", url: apiUrl });
    });

    it("step.fetch: an HTTP error status is a response, a failed request is a GatewayError after the retries", async () => {
      api = await fakeApi(() => ({ status: 503, body: "busy" }));
      const down = await fakeApi(() => ({ status: 200, body: "" }));
      const downUrl = `${down.url}/x`;
      await down.close(); // nothing listens there any more
      const apiUrl = `${api.url}/busy`;
      await startHarness((client) => [
        client.createFunction({ id: "fetch-err", retries: 1, triggers: [{ event: "t/fetch.err" }] }, async ({ step }) => {
          const busy = await step.fetch(apiUrl);
          let failed = "";
          try {
            await step.fetch(downUrl);
          } catch (e) {
            failed = `${(e as Error).name}: ${(e as Error).message}`;
          }
          return { busy: busy.status, failed };
        }),
      ]);
      await s.h!.client.send({ name: "t/fetch.err", data: {} });
      const run = await waitForRun(s.h!, "conf-fetch-err");
      expect(run.status).toBe("Completed");
      const out = run.output as { busy: number; failed: string };
      expect(out.busy).toBe(503);
      expect(out.failed).toContain("Error making gateway request");
      expect(api.seen).toHaveLength(1);
    });

    it("step.fetch: a request that fails outright is retried with the call request; the retry's response is the result", async () => {
      let hits = 0;
      const flaky = createServer((req, res) => {
        hits++;
        if (hits === 1) return req.socket.destroy(); // the first attempt: connection reset
        res.end(`ok on hit ${hits}`);
      });
      await new Promise<void>((r) => flaky.listen(0, "127.0.0.1", () => r()));
      const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/`;
      try {
        await startHarness((client) => [
          client.createFunction({ id: "fetch-retry", retries: 1, triggers: [{ event: "t/fetch.retry" }] }, async ({ step }) => {
            const res = await step.fetch(url);
            return res.text();
          }),
        ]);
        await s.h!.client.send({ name: "t/fetch.retry", data: {} });
        const run = await waitForRun(s.h!, "conf-fetch-retry");
        expect(run.status).toBe("Completed");
        expect(run.output).toBe("ok on hit 2");
        expect(hits).toBe(2);
      } finally {
        flaky.closeAllConnections();
        await new Promise<void>((r) => flaky.close(() => r()));
      }
    });

    it("step.ai.infer: POSTs the body with the provider's auth and returns its JSON, once", async () => {
      const answer = { id: "chatcmpl-1", choices: [{ index: 0, message: { role: "assistant", content: "4" } }] };
      api = await fakeApi(() => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(answer) }));
      const baseUrl = `${api.url}/v1/`;
      await startHarness((client) => [
        client.createFunction({ id: "infer", triggers: [{ event: "t/infer" }] }, async ({ step }) => {
          const res = await step.ai.infer("ask", {
            model: step.ai.models.openai({ model: "gpt-test", apiKey: "sk-test", baseUrl }),
            body: { messages: [{ role: "user", content: "2+2?" }] },
          });
          await step.run("after", () => "after");
          return res;
        }),
      ]);
      await s.h!.client.send({ name: "t/infer", data: {} });
      const run = await waitForRun(s.h!, "conf-infer");
      expect(run.status).toBe("Completed");
      expect(run.output).toEqual(answer);
      expect(api.seen).toHaveLength(1);
      expect(api.seen[0]).toMatchObject({ method: "POST", url: "/v1/chat/completions" });
      expect(api.seen[0]!.headers.authorization).toBe("Bearer sk-test");
      expect(JSON.parse(api.seen[0]!.body)).toEqual({ model: "gpt-test", messages: [{ role: "user", content: "2+2?" }] });
    });

    it("step.ai.infer: a provider error is an AIGatewayError the function can catch", async () => {
      api = await fakeApi(() => ({ status: 500, body: '{"error":"overloaded"}' }));
      const baseUrl = `${api.url}/v1/`;
      await startHarness((client) => [
        client.createFunction({ id: "infer-err", retries: 0, triggers: [{ event: "t/infer.err" }] }, async ({ step }) => {
          try {
            await step.ai.infer("ask", { model: step.ai.models.anthropic({ model: "claude-test", apiKey: "ak", baseUrl, defaultParameters: { max_tokens: 5 } }), body: { messages: [] } });
            return "no error";
          } catch (e) {
            return (e as Error).message;
          }
        }),
      ]);
      await s.h!.client.send({ name: "t/infer.err", data: {} });
      const run = await waitForRun(s.h!, "conf-infer-err");
      expect(run.output).toContain("Error making AI request: unsuccessful status code: 500");
      expect(api.seen[0]!.headers["x-api-key"]).toBe("ak");
    });
  });

  describe("deliberately unsupported SDK features are refused with the reason", () => {
    it("a createDefer function makes the sync fail; a defer() call at run time fails the run", async () => {
      await startHarness((client) => [client.createFunction({ id: "kept", triggers: [{ event: "t/kept" }] }, async () => "kept")]);
      const client = makeClient(s.h!.engineUrl);
      const deferred = createDefer(client, { id: "later" }, async () => "later");
      const server = createServer(serve({ client, functions: [deferred] }));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
        await expect(s.h!.engine.syncApp(url)).rejects.toThrow(/function conf-later is a deferred function \(createDefer/);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      }
      await s.h!.close();

      // A deferred function of another app (so this app syncs) used with defer() inside a run.
      const elsewhere = createDefer(makeClient("http://127.0.0.1:1", "other"), { id: "later" }, async () => "later");
      await startHarness((c) => [
        // defer() as the function returns: the DeferAdd op comes with RunComplete in the 206.
        c.createFunction({ id: "defers", triggers: [{ event: "t/defer" }] }, async ({ step, defer }) => {
          await step.run("first", () => 1);
          defer("later", { function: elsewhere, data: {} });
          return "done";
        }),
        // defer() before more steps: the DeferAdd op rides along the next checkpoint.
        c.createFunction({ id: "defers-mid", triggers: [{ event: "t/defer" }] }, async ({ step, defer }) => {
          defer("later", { function: elsewhere, data: {} });
          await step.run("first", () => 1);
          await step.run("second", () => 2);
          return "done";
        }),
      ]);
      await s.h!.client.send({ name: "t/defer", data: {} });
      for (const fnId of ["conf-defers", "conf-defers-mid"]) {
        const run = await waitForRun(s.h!, fnId);
        expect(run.status, fnId).toBe("Failed");
        expect(JSON.stringify(run.error)).toContain("defer() (experimental deferred functions) is not supported by the embedded engine");
      }
    });

    it("Connect workers and durable endpoints get 501 with the reason from the API they call", async () => {
      await startHarness(() => []);
      const auth = { authorization: `Bearer ${hashedSigningKey(SIGNING_KEY)}` };
      const connect = await fetch(`${s.h!.engineUrl}/v0/connect/start`, { method: "POST", headers: auth, body: new Uint8Array([1]) });
      expect(connect.status).toBe(501);
      expect(await connect.text()).toContain("Connect (WebSocket workers) is not supported");
      for (const [method, path] of [
        ["POST", "/v1/checkpoint"],
        ["POST", "/v1/checkpoint/01RUN/steps"],
        ["GET", "/v1/http/runs/01RUN/output"],
      ] as const) {
        const res = await fetch(`${s.h!.engineUrl}${path}`, { method, headers: auth, ...(method === "POST" ? { body: "{}" } : {}) });
        expect(res.status, path).toBe(501);
        expect(await res.text()).toContain("durable endpoints (inngest.endpoint) are not supported");
      }
      await waitFor(() => s.h!.engine.health().ok, 1_000, "engine still healthy");
    });
  });
}
