/**
 * JSON limits at every edge that accepts a body, through the real handlers (REST, webhook, tRPC
 * over HTTP with superjson) on SQLite and PostgreSQL: nothing deeper than 64 levels reaches zod,
 * a service or Prisma, and what is refused leaves nothing stored.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { handleRestRequest, handleWebhookRequest } from "@/server/rest/rest-handler";
import { humanProcess } from "@/server/runtime/testing/graphs";
import { startRuntimeHarness, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { describeEachDatabase } from "@/server/testing/databases";
import { appRouter } from "@/server/trpc/root";
import { MAX_JSON_DEPTH } from "./json-guard";

/** An object nested `levels` deep: {a:{a:…{a:1}}}. */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

describeEachDatabase("JSON limits on request bodies", (get) => {
  let h: RuntimeHarness;
  let key = "";
  let token = "";
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
    key = (await createApiKey(h.db, { name: "admin", role: "admin", createdById: null })).key;
    expect((await rest("POST", "/processes", { graph: humanProcess("deep") })).status).toBe(200);
    expect((await rest("POST", "/processes/deep/publish")).status).toBe(200);
    token = (await rest("GET", "/processes/deep")).body.webhookPath.split("/").pop();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function rest(method: string, path: string, body?: unknown) {
    const req = new Request(`http://baton.test/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const res = await handleRestRequest(req, { db: h.db, events: h.client });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function hook(body: unknown) {
    const req = new Request(`http://baton.test/api/hooks/${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const res = await handleWebhookRequest(req, token, { db: h.db, events: h.client });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function trpc(path: string, input: unknown) {
    const req = new Request(`http://baton.test/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize(input)),
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => ({ db: h.db, user: { id: "u-admin", email: "admin@example.com", name: "admin", role: "admin" as const }, trustedOrigin: true }),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  const tooDeep = `nested deeper than ${MAX_JSON_DEPTH} levels`;
  // The limit counts the whole body: `{ input: … }` is one level, so the input itself may be 63 deep.
  const deepInput = (bodyDepth: number) => ({ q: "x", data: nested(bodyDepth - 2) });

  it(`accepts a body exactly ${MAX_JSON_DEPTH} levels deep and stores it`, async () => {
    const res = await rest("POST", "/processes/deep/runs", { input: deepInput(MAX_JSON_DEPTH) });
    expect(res.status).toBe(202);
    const run = await rest("GET", `/runs/${res.body.runId}`);
    expect(JSON.stringify(run.body.input)).toBe(JSON.stringify(deepInput(MAX_JSON_DEPTH)));
  });

  it("refuses 100,000 levels (sent as text: JSON.stringify itself overflows) without a 5xx", async () => {
    const text = `{"input":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`;
    const res = await rest("POST", "/processes/deep/runs", text);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(tooDeep);
  });

  it.each([MAX_JSON_DEPTH + 1, 200, 1000])("refuses %i levels with a 400 naming the limit on every REST body", async (depth) => {
    const before = await h.db.run.count();
    const cases = [
      rest("POST", "/processes/deep/runs", { input: deepInput(depth) }),
      rest("POST", "/processes", { graph: { ...humanProcess("deep-import"), description: undefined, settings: nested(depth - 2) } }),
      rest("POST", "/runs/run_missing/rerun", { fromNodeId: "draft", input: deepInput(depth) }),
      rest("POST", "/escalations/esc_missing/resolve", { decision: "edit", output: nested(depth - 1) }),
      rest("POST", "/processes/deep/schedule", { cron: "0 * * * *", input: deepInput(depth) }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining(tooDeep) });
    }
    expect(await h.db.run.count()).toBe(before);
    expect(await h.db.process.count({ where: { slug: "deep-import" } })).toBe(0);
  });

  it("refuses a deep webhook body", async () => {
    const res = await hook(nested(MAX_JSON_DEPTH + 1));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(tooDeep);
    expect((await hook({ q: "fine" })).status).toBe(202);
  });

  it("refuses deep tRPC inputs (run input, import, resolve) with BAD_REQUEST", async () => {
    const cases = [
      trpc("runs.create", { slug: "deep", input: deepInput(MAX_JSON_DEPTH + 1) }),
      trpc("runs.rerun", { runId: "run_missing", fromNodeId: "draft", input: deepInput(300) }),
      trpc("processes.create", { graph: { ...humanProcess("deep-trpc"), settings: nested(MAX_JSON_DEPTH) } }),
      trpc("escalations.resolve", { id: "esc_missing", decision: "edit", output: nested(1000) }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(400);
      expect(res.body.error.json.message).toContain(tooDeep);
    }
    expect(await h.db.process.count({ where: { slug: "deep-trpc" } })).toBe(0);
  });

  it("refuses unpaired UTF-16 surrogates in any stored string with a 400 that says where", async () => {
    const before = await h.db.run.count();
    const lone = "broken \ud800 text";
    const cases = [
      rest("POST", "/processes/deep/runs", { input: { q: lone } }),
      rest("POST", "/processes", { graph: { ...humanProcess("lone-import"), name: lone } }),
      rest("POST", "/processes/deep/runs", { input: { q: "ok", [`key\udc00`]: 1 } }),
      rest("POST", "/escalations/esc_missing/resolve", { decision: "approve", comment: lone }),
      hook({ q: lone }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/unpaired UTF-16 surrogate \(\\uD[8C]00\)/) });
    }
    const viaTrpc = await trpc("runs.create", { slug: "deep", input: { q: lone } });
    expect(viaTrpc.status).toBe(400);
    expect(viaTrpc.body.error.json.message).toContain("at input.q with an unpaired UTF-16 surrogate");
    expect(await h.db.run.count()).toBe(before);
    expect(await h.db.process.count({ where: { slug: "lone-import" } })).toBe(0);
    // A surrogate pair (an emoji) is text and is stored as is.
    const ok = await rest("POST", "/processes/deep/runs", { input: { q: "fine \ud83d\ude00" } });
    expect(ok.status).toBe(202);
    expect((await rest("GET", `/runs/${ok.body.runId}`)).body.input.q).toBe("fine 😀");
  });
});
