/**
 * Body limits through the real REST and webhook handlers, SQLite and PostgreSQL: credentials are
 * checked before a byte of the body is read, reading stops at the limit with a 413, and the run
 * input stored with a run is capped on its own. Bodies are counting streams, so the tests see how
 * much of a body was actually pulled.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { handleRestRequest, handleWebhookRequest } from "@/server/rest/rest-handler";
import { humanProcess } from "@/server/runtime/testing/graphs";
import { startRuntimeHarness, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { describeEachDatabase } from "@/server/testing/databases";
import type { BodyLimits } from "./body-limits";

const MB = 1024 * 1024;
const limits: BodyLimits = { api: 64 * 1024, graph: 256 * 1024, webhook: 32 * 1024, auth: 4 * 1024 };

/** A body of `total` bytes (spaces) that counts what was pulled; streams read a chunk or two ahead. */
function countingBody(total: number, chunk = 16 * 1024) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled >= total) return c.close();
      const n = Math.min(chunk, total - pulled);
      pulled += n;
      c.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

describeEachDatabase("request body limits", (get) => {
  let h: RuntimeHarness;
  let key = "";
  let token = "";
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
    key = (await createApiKey(h.db, { name: "admin", role: "admin", createdById: null })).key;
    expect((await rest("POST", "/processes", JSON.stringify({ graph: humanProcess("sized") }))).status).toBe(200);
    expect((await rest("POST", "/processes/sized/publish")).status).toBe(200);
    token = (await rest("GET", "/processes/sized")).body.webhookPath.split("/").pop();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function rest(method: string, path: string, body?: BodyInit, headers: Record<string, string> = { authorization: `Bearer ${key}` }, maxRunInputBytes?: number) {
    const req = new Request(`http://baton.test/api/v1${path}`, { method, headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit);
    const res = await handleRestRequest(req, { db: h.db, events: h.client, maxRunInputBytes }, limits);
    return { status: res.status, body: (await res.json()) as any };
  }

  async function hook(tok: string, body: BodyInit, headers: Record<string, string> = {}) {
    const req = new Request(`http://baton.test/api/hooks/${tok}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit);
    const res = await handleWebhookRequest(req, tok, { db: h.db, events: h.client }, limits);
    return { status: res.status, body: (await res.json()) as any };
  }

  it("a 20 MB body to an unknown webhook is refused (404) without reading it", async () => {
    const body = countingBody(20 * MB);
    const res = await hook("not-a-real-token", body.stream);
    expect(res.status).toBe(404);
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it("a 20 MB REST body without a valid API key gets 401 without being read", async () => {
    const body = countingBody(20 * MB);
    const res = await rest("POST", "/processes/sized/runs", body.stream, { authorization: "Bearer bk_wrong_wrong_wrong_wrong" });
    expect(res.status).toBe(401);
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it("an authorised body over the limit stops being read at the limit: 413 naming the limit and its variable", async () => {
    const runs = await h.db.run.count();
    const api = countingBody(20 * MB);
    const res = await rest("POST", "/processes/sized/runs", api.stream);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("larger than 64 KiB") });
    expect(res.body.error.message).toContain("BATON_MAX_BODY_BYTES");
    expect(api.pulled()).toBeLessThanOrEqual(limits.api + 64 * 1024);

    const webhook = countingBody(20 * MB);
    const viaHook = await hook(token, webhook.stream);
    expect(viaHook.status).toBe(413);
    expect(viaHook.body.error.message).toContain("BATON_MAX_WEBHOOK_BODY_BYTES");
    expect(webhook.pulled()).toBeLessThanOrEqual(limits.webhook + 64 * 1024);
    expect(await h.db.run.count()).toBe(runs);
  });

  it("a declared Content-Length over the limit is refused before reading", async () => {
    const body = countingBody(20 * MB);
    const res = await hook(token, body.stream, { "content-length": String(20 * MB) });
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(16 * 1024);
  });

  it("graph imports get the larger graph limit", async () => {
    const graph = { ...humanProcess("sized-graph"), description: "x".repeat(100 * 1024) };
    expect((await rest("POST", "/processes", JSON.stringify({ graph }))).status).toBe(200);
    const tooBig = await rest("POST", "/processes", JSON.stringify({ graph: { ...graph, description: "x".repeat(300 * 1024) } }));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toContain("BATON_MAX_GRAPH_BODY_BYTES");
  });

  it("caps the run input that is stored, whatever the body limit: 413 and no run", async () => {
    const runs = await h.db.run.count();
    const input = { q: "x".repeat(8 * 1024) };
    const res = await rest("POST", "/processes/sized/runs", JSON.stringify({ input }), undefined, 4 * 1024);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/The run input is 8\.\d KiB as JSON; a run accepts at most 4 KiB \(BATON_MAX_RUN_INPUT_BYTES\)/);
    const schedule = await rest("POST", "/processes/sized/schedule", JSON.stringify({ cron: "0 * * * *", input }), undefined, 4 * 1024);
    expect(schedule.status).toBe(413);
    expect(await h.db.run.count()).toBe(runs);
    // Under the cap (default 1 MiB) the same input is accepted.
    expect((await rest("POST", "/processes/sized/runs", JSON.stringify({ input }))).status).toBe(202);
  });
});
