import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Inngest } from "inngest";
import { serve } from "inngest/edge";
import { serve as serveNext } from "inngest/next";
import { requireSignedSync, signSyncRequest, withSignedSync } from "./sync-signature";
import { resyncByPut } from "./resync";

/**
 * The real SDK's serve handler against a fake engine that counts registrations: an unsigned
 * PUT /api/inngest makes the SDK register (re-sync) on anyone's request; the guard refuses it.
 */
const KEY = "signkey-prod-" + "ab".repeat(32);
const OLD_KEY = "signkey-prod-" + "cd".repeat(32);
const SERVE_URL = "http://baton.test/api/inngest";

let registrations = 0;
let engineUrl = "";
const engine = createServer((req, res) => {
  if (req.method === "POST" && req.url?.startsWith("/fn/register")) registrations++;
  req.resume();
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ ok: true, modified: true }));
});

let sdkHandler: (req: Request) => Promise<Response>;
let guarded: (req: Request, ctx: unknown) => Promise<Response>;

beforeAll(async () => {
  await new Promise<void>((r) => engine.listen(0, "127.0.0.1", () => r()));
  engineUrl = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
  const client = new Inngest({ id: "sync-guard-test", isDev: false, baseUrl: engineUrl, signingKey: KEY, eventKey: "evt" });
  const fn = client.createFunction({ id: "noop", triggers: [{ event: "t/noop" }] }, async () => "ok");
  sdkHandler = serve({ client, functions: [fn] }) as unknown as (req: Request) => Promise<Response>;
  guarded = requireSignedSync((req: Request) => sdkHandler(req), [KEY, OLD_KEY]);
});
afterAll(() => new Promise<void>((r) => engine.close(() => r())));

const put = (headers: Record<string, string> = {}, body?: string) => new Request(SERVE_URL, { method: "PUT", headers: { host: "baton.test", ...headers }, ...(body !== undefined ? { body } : {}) });

describe("PUT /api/inngest needs a valid signature", () => {
  it("the SDK alone re-syncs on an unsigned PUT (the hole this guards)", async () => {
    const before = registrations;
    const res = await sdkHandler(put());
    expect(res.status).toBe(200);
    expect(registrations).toBe(before + 1);
  });

  it("refuses an unsigned, wrongly signed or stale PUT with 401 and syncs nothing", async () => {
    const before = registrations;
    const attempts = [
      put(),
      put({ "x-inngest-signature": "t=1&s=nope" }),
      put({ "x-inngest-signature": signSyncRequest("", "signkey-prod-" + "ee".repeat(32)) }),
      put({ "x-inngest-signature": signSyncRequest("", KEY, Date.now() - 10 * 60_000) }),
      // A signature for another body does not carry over.
      put({ "x-inngest-signature": signSyncRequest('{"url":"http://a"}', KEY), "x-inngest-sync-kind": "in_band" }, '{"url":"http://evil"}'),
    ];
    for (const req of attempts) {
      const res = await guarded(req, undefined);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toContain("X-Inngest-Signature");
    }
    expect(registrations).toBe(before);
  });

  it("Baton's own re-sync signs its PUT (current or fallback key) and registers", async () => {
    const via = (req: Request) => guarded(req, undefined);
    const fetchImpl = ((url: string, init: RequestInit) => via(new Request(url, { ...init, headers: { ...(init.headers as Record<string, string>), host: "baton.test" } }))) as unknown as typeof fetch;
    const before = registrations;
    await resyncByPut(SERVE_URL, KEY, fetchImpl)();
    await resyncByPut(SERVE_URL, OLD_KEY, fetchImpl)();
    expect(registrations).toBe(before + 2);
  });

  it("an engine's signed in-band sync passes this guard and the SDK's own signature check", async () => {
    const body = JSON.stringify({ url: SERVE_URL });
    const res = await guarded(put({ "x-inngest-signature": signSyncRequest(body, KEY), "x-inngest-sync-kind": "in_band", "content-type": "application/json" }, body), undefined);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-inngest-sync-kind")).toBe("in_band");
    expect(JSON.stringify(await res.json())).toContain("sync-guard-test-noop");
  });

  it("guarding the Next.js handlers keeps their GET and POST (non-enumerable on the SDK's handler)", async () => {
    const client = new Inngest({ id: "sync-guard-next", isDev: false, baseUrl: engineUrl, signingKey: KEY, eventKey: "evt" });
    const handlers = serveNext({ client, functions: [] });
    expect({ ...handlers }.POST).toBeUndefined(); // why a spread is wrong
    const guarded = withSignedSync(handlers, [KEY]);
    expect(typeof guarded.GET).toBe("function");
    expect(typeof guarded.POST).toBe("function");
    expect((await guarded.PUT(put() as never, undefined)).status).toBe(401);
  });
});
