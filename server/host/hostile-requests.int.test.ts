/**
 * Hostile requests against the real Baton process (Next.js production build + host + engine):
 * several of these failed inside Next.js before any Baton handler ran, so only the real process
 * shows them. Needs the production build (`npm test` builds before Vitest).
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBatonProcess, type BatonProcess } from "@/server/testing/baton-process";

let baton: BatonProcess;
let cookie = "";

beforeAll(async () => {
  baton = await startBatonProcess();
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
    const req = request(`${baton.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(declareLength ? { "content-length": String(size) } : {}), ...headers } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and close before the whole body is sent: that is the point.
    req.on("error", (e) => (["EPIPE", "ECONNRESET"].includes((e as NodeJS.ErrnoException).code ?? "") ? undefined : reject(e)));
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
      const trpc = await sendLarge("/api/trpc/runs.create", MB20, { cookie, origin: origin() }, declare);
      expect(trpc.status).toBe(413);
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
