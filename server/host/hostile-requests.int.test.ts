/**
 * Hostile requests against the real Baton process (Next.js production build + host + engine):
 * several of these failed inside Next.js before any Baton handler ran, so only the real process
 * shows them. Needs the production build (`npm test` builds before Vitest).
 */
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
