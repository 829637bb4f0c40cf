/**
 * Two Baton processes with only PORT (and the database) different start side by side: the embedded
 * engine binds no port of its own by default (the app reaches it in-process; the engine syncs the app
 * once over HTTP at /api/inngest, then calls that route in-process), and each runs a process to the end. With BATON_ENGINE_PORT
 * set, the engine also listens there for SDK apps outside the process. Needs the production build.
 */
import { afterAll, expect, it } from "vitest";
import { oneStepGraph } from "@/core/testing/graphs";
import { freePort, startBaton, type BatonProcess } from "@/server/testing/baton-process";

const KEY = "bk_side_by_side_bootstrap_key_0123456789";
const started: BatonProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((b) => b.stop()));
});

async function api(b: BatonProcess, method: string, path: string, body?: unknown) {
  const res = await fetch(`${b.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const graph = oneStepGraph("side-by-side", "Side by side");

async function runToEnd(b: BatonProcess): Promise<string> {
  await api(b, "POST", "/processes", { graph });
  await api(b, "POST", "/processes/side-by-side/publish");
  const { runId } = (await api(b, "POST", "/processes/side-by-side/runs", { input: { id: "A-1" } })) as { runId: string };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = (await api(b, "GET", `/runs/${runId}`)) as { status: string };
    if (!["queued", "running"].includes(run.status)) return run.status;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}\n${b.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("two instances with different PORTs start side by side and each runs a process", async () => {
  const [a, b] = await Promise.all([startBaton({ BATON_BOOTSTRAP_API_KEY: KEY }), startBaton({ BATON_BOOTSTRAP_API_KEY: KEY })]);
  started.push(a, b);
  expect(a.port).not.toBe(b.port);
  for (const inst of [a, b]) {
    expect(inst.output()).toMatch(/engine embedded\)/);
    const health = (await (await fetch(`${inst.url}/api/health`)).json()) as { ok: boolean; engine: { ok: boolean } };
    expect(health).toMatchObject({ ok: true, engine: { ok: true } });
  }
  expect(await Promise.all([runToEnd(a), runToEnd(b)])).toEqual(["completed", "completed"]);
}, 240_000);

it("with BATON_ENGINE_PORT the engine also listens there, for SDK apps outside the process", async () => {
  const enginePort = await freePort();
  const c = await startBaton({ BATON_BOOTSTRAP_API_KEY: KEY, BATON_ENGINE_PORT: String(enginePort) });
  started.push(c);
  expect(c.output()).toContain(`engine embedded on http://127.0.0.1:${enginePort}`);
  expect((await fetch(`http://127.0.0.1:${enginePort}/health`)).status).toBe(200);
  expect(await runToEnd(c)).toBe("completed");
}, 240_000);
