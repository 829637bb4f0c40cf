/**
 * Hostile requests against the real Baton process (Next.js production build + host + engine):
 * several of these failed inside Next.js before any Baton handler ran, so only the real process
 * shows them. Needs the production build (`npm test` builds before Vitest).
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainGraph } from "@/core/testing/large-graphs";
import { startBatonWithAdmin, type SignedInBaton } from "@/server/testing/baton-process";

let baton: SignedInBaton;
let cookie = "";

beforeAll(async () => {
  baton = await startBatonWithAdmin();
  const res = await fetch(`${baton.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baton.url.replace("127.0.0.1", "localhost") },
    body: JSON.stringify({ email: baton.adminEmail, password: baton.adminPassword }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
});
afterAll(async () => {
  await baton?.stop();
});

async function send(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${baton.url}${path}`, { method, redirect: "manual", ...init });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as { error: { code: string; message: string } } };
}

describe("malformed percent-encoding in the path", () => {
  const paths = ["/api/v1/runs/%E0%A4%A", "/api/v1/%ZZ", "/api/hooks/%ZZ", "/api/trpc/%ZZ", "/api/auth/%ZZ", "/runs/%ZZ", "/processes/%E0%A4%A"];
  it.each(paths)("%s → 400 with a JSON error, signed in or not", async (path) => {
    for (const headers of [{ authorization: `Bearer ${baton.apiKey}` }, { cookie }, {}] as Array<Record<string, string>>) {
      for (const method of ["GET", "POST"]) {
        const res = await send(method, path, { headers });
        expect(res.status, `${method} ${path} ${JSON.stringify(Object.keys(headers))}: ${res.text.slice(0, 200)}`).toBe(400);
        expect(res.json().error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("percent-encoding") });
      }
    }
  });

  it("well-formed encoded paths still reach Baton", async () => {
    const res = await send("GET", "/api/v1/runs/run_%C3%A9", { headers: { authorization: `Bearer ${baton.apiKey}` } });
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe("NOT_FOUND");
    expect((await send("GET", "/api/health")).status).toBe(200);
  });
});

/** POSTs `size` bytes as a stream (like a real client) and resolves with the status once answered. */
function sendLarge(path: string, size: number, headers: Record<string, string> = {}, declareLength = true): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let body = "";
    const req = request(`${baton.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(declareLength ? { "content-length": String(size) } : {}), ...headers } }, (res) => {
      status = res.statusCode ?? 0;
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status, body }));
    });
    // The server may answer and close before the whole body is sent: that is the point.
    req.on("error", (e) => (status && ["EPIPE", "ECONNRESET"].includes((e as NodeJS.ErrnoException).code ?? "") ? resolve({ status, body }) : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("20 MB bodies", () => {
  const MB20 = 20 * 1024 * 1024;
  const origin = () => baton.url.replace("127.0.0.1", "localhost");

  it("are refused before reading where the credential is missing or wrong", async () => {
    expect((await sendLarge("/api/hooks/0123456789abcdef", MB20)).status).toBe(404);
    expect((await sendLarge("/api/v1/processes/support-triage/runs", MB20)).status).toBe(401);
    const trpc = await sendLarge("/api/trpc/runs.create", MB20, { origin: origin() });
    expect(trpc.status).toBe(401);
    expect(trpc.body).toContain("Sign in again");
    const engine = await sendLarge("/api/inngest?fnId=x&stepId=step", MB20);
    expect(engine.status).toBe(401);
    expect(engine.body).toContain("must be signed");
  });

  it("get 413 naming the limit where the credential is good, with or without a Content-Length", async () => {
    for (const declare of [true, false]) {
      const rest = await sendLarge("/api/v1/processes/support-triage/runs", MB20, { authorization: `Bearer ${baton.apiKey}` }, declare);
      expect(rest.status).toBe(413);
      expect(rest.body).toContain("BATON_MAX_BODY_BYTES");
      const signIn = await sendLarge("/api/auth/sign-in/email", MB20, { origin: origin() }, declare);
      expect(signIn.status).toBe(413);
      expect(signIn.body).toContain("BATON_MAX_AUTH_BODY_BYTES");
      const trpc = await sendLarge("/api/trpc/runs.create?batch=1", MB20, { cookie, origin: origin() }, declare);
      expect(trpc.status).toBe(413);
      // In tRPC's own error shape, so the UI shows the message.
      expect(JSON.parse(trpc.body)[0].error.json).toMatchObject({ message: expect.stringContaining("BATON_MAX_BODY_BYTES"), data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } });
    }
    expect((await send("GET", "/api/health")).status).toBe(200);
  });

  it("a body sent to a page gets 405 from the host instead of being read by Next.js", async () => {
    const res = await sendLarge("/runs", MB20, { cookie });
    expect(res.status).toBe(405);
    expect(JSON.parse(res.body).error.message).toContain("Pages accept GET only");
  });

  it("sign-in and tRPC still work with normal bodies", async () => {
    const res = await fetch(`${baton.url}/api/trpc/processes.list`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const bad = await send("POST", "/api/auth/sign-in/email", { headers: { "content-type": "application/json", origin: origin() }, body: JSON.stringify({ email: baton.adminEmail, password: "wrong-password" }) });
    expect(bad.status).toBe(401);
  });
});

describe("a fuzz list of malformed requests", () => {
  const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
  const lone = '"bad \\ud800 text"';

  it("gets no 5xx, /api/health stays up, and runs still complete afterwards", async () => {
    const key = { authorization: `Bearer ${baton.apiKey}`, "content-type": "application/json" };
    const ui = { cookie, origin: baton.url.replace("127.0.0.1", "localhost"), "content-type": "application/json" };
    const hookPath = ((await (await fetch(`${baton.url}/api/v1/processes/support-triage`, { headers: key })).json()) as { webhookPath: string }).webhookPath;
    const hook = new URL(hookPath, baton.url).pathname;
    const big = JSON.stringify({ graph: { ...chainGraph(6000), slug: "fuzz-big" } });
    const requests: Array<[string, string, Record<string, string>?, string?]> = [
      ["GET", "/api/v1/runs/%E0%A4%A"], ["POST", "/api/hooks/%ZZ"], ["GET", "/api/trpc/%ZZ"], ["GET", "/runs/%ZZ", { cookie }], ["GET", "/%"],
      ["GET", "/processes/%C0%AF", { cookie }], ["DELETE", "/api/v1/runs/%ZZ", key],
      ["POST", "/api/v1/processes/support-triage/runs", key, `{"input":${deep(200)}}`],
      ["POST", "/api/v1/processes", key, `{"graph":${deep(100_000)}}`],
      ["POST", hook, {}, deep(5000)],
      ["POST", "/api/trpc/runs.create", ui, `{"json":{"slug":"support-triage","input":${deep(300)}}}`],
      ["GET", `/api/trpc/runs.list?input=${encodeURIComponent(`{"json":${deep(500)}}`)}`, { cookie }],
      ["POST", "/api/v1/processes/support-triage/runs", key, `{"input":{"ticket":${lone}}}`],
      ["POST", hook, {}, `{"subject":${lone}}`],
      ["POST", "/api/trpc/processes.create", ui, `{"json":{"graph":{"slug":"x","name":${lone}}}}`],
      ["POST", "/api/auth/sign-in/email", ui, `{"email":${lone},"password":${lone}}`],
      ["POST", "/api/auth/sign-in/email", ui, `{"email":${deep(300)},"password":"x"}`],
      ["POST", "/api/auth/sign-in/email", ui, "{not json"],
      ["POST", "/api/v1/processes/support-triage/runs", key, "{not json"],
      ["POST", "/api/v1/processes/support-triage/runs", key, "null"],
      ["POST", "/api/v1/processes/support-triage/runs", key, "[1,2,3]"],
      ["POST", "/api/v1/processes/support-triage/runs", key, '"just a string"'],
      ["POST", "/api/v1/processes/support-triage/runs", { ...key, "content-type": "text/plain" }, "input=1"],
      ["POST", hook, {}, "null"], ["POST", hook, {}, "[]"], ["POST", hook, {}, '{"input":null}'], ["POST", hook, {}, ""],
      ["POST", "/api/v1/processes", key, big],
      ["POST", "/api/v1/runs/run_nope/rerun", key, '{"fromNodeId":"x","input":{"a":"\\udfff"}}'],
      ["POST", "/api/v1/escalations/esc_nope/resolve", key, `{"decision":"approve","output":${deep(80)}}`],
      ["GET", "/api/v1/runs?limit=-5&status=%ZZ", key], ["GET", "/api/v1/runs?limit=99999999999999999999", key],
      ["POST", "/api/trpc/runs.create?batch=1", ui, "{bad"], ["POST", "/api/trpc/runs.create,runs.rerun?batch=1", ui, `{"0":{"json":${deep(90)}},"1":5}`],
      ["PUT", "/api/v1/processes", key, "{}"], ["PATCH", hook, {}, "{}"], ["OPTIONS", "/api/v1/processes", key],
      ["POST", "/api/inngest", {}, deep(1000)], ["POST", "/api/inngest?fnId=x", { "x-inngest-signature": "t=1&s=forged" }, "{}"],
      ["POST", "/sign-in", {}, "email=a"], ["GET", "/api/health?%ZZ"],
    ];
    const fiveHundreds: string[] = [];
    for (const [method, path, headers, body] of requests) {
      const res = await send(method, path, { headers: headers ?? {}, ...(body !== undefined ? { body } : {}) });
      if (res.status >= 500) fiveHundreds.push(`${method} ${path.slice(0, 80)} → ${res.status} ${res.text.slice(0, 200)}`);
      const health = await send("GET", "/api/health");
      expect(health.status, `health after ${method} ${path.slice(0, 80)}`).toBe(200);
    }
    expect(fiveHundreds).toEqual([]);

    // The engine still drives runs through /api/inngest (signed) after all of it.
    const graph = { ...chainGraph(3), slug: "fuzz-after" };
    expect((await send("POST", "/api/v1/processes", { headers: key, body: JSON.stringify({ graph }) })).status).toBe(200);
    expect((await send("POST", "/api/v1/processes/fuzz-after/publish", { headers: key })).status).toBe(200);
    const started = await send("POST", "/api/v1/processes/fuzz-after/runs", { headers: key, body: JSON.stringify({ input: { topic: "x" } }) });
    expect(started.status).toBe(202);
    const runId = (JSON.parse(started.text) as { runId: string }).runId;
    const deadline = Date.now() + 60_000;
    let status = "";
    while (Date.now() < deadline && status !== "completed") {
      status = ((await (await fetch(`${baton.url}/api/v1/runs/${runId}`, { headers: key })).json()) as { status: string }).status;
      if (status === "failed") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe("completed");
  });
});
