/**
 * The whole Baton process (server/host/main.ts: Next.js + embedded engine + SQLite) is SIGKILLed
 * during a step, during a durable sleep and during a human wait, and started again each time.
 * The run must finish with the right output, and no completed step may run again: the LLM step
 * before the first kill keeps exactly one record, and the tool step interrupted in flight is the
 * only one that repeats. Needs the production build (`npm test` builds before Vitest).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pollUntil, restClient, stablePorts } from "@/server/testing/baton-process";

const root = resolve(import.meta.dirname, "../..");
const KEY = "bk_crash_test_bootstrap_key_0123456789";
const SLOW_MS = 2500;

let dir: string;
let port: number;
let host: ChildProcess | undefined;
let output = "";
let toolServer: Server;
let toolUrl: string;
const toolHits: number[] = [];

async function startHost(): Promise<void> {
  output = "";
  host = spawn(process.execPath, ["--import", "tsx", join(root, "server/host/main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: `file:${join(dir, "baton.db")}`,
      PORT: String(port),
      BATON_URL: `http://localhost:${port}`,
      BATON_ENGINE_PORT: String(port + 1),
      BATON_BOOTSTRAP_API_KEY: KEY,
      BATON_MASTER_KEY_FILE: join(dir, "keys", "master.key"),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  host.stdout!.on("data", (d) => (output += d));
  host.stderr!.on("data", (d) => (output += d));
  await until(async () => /Baton is running/.test(output), "Baton to start", 90_000);
}

async function kill(): Promise<void> {
  const h = host!;
  const exited = new Promise((r) => h.once("exit", r));
  h.kill("SIGKILL");
  await exited;
}

const until = <T>(probe: () => Promise<T | undefined | false>, what: string, ms = 60_000) =>
  pollUntil(probe, what, { ms, child: () => host, output: () => output });
const api = restClient(() => `http://127.0.0.1:${port}`, KEY);

interface StepView { nodeId: string; status: string; attempt: number }
interface RunView { status: string; output?: unknown; steps: StepView[] }
const getRun = (id: string) => api("GET", `/runs/${id}`) as Promise<unknown> as Promise<RunView>;

const textOut = { type: "object", required: ["text"], properties: { text: { type: "string" } } };
const graph = () => ({
  slug: "crash-check",
  name: "Crash check",
  nodes: [
    { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
    { id: "first", kind: "llm", name: "First", task: "extract", model: { tier: "light" }, prompt: "Summarise {{ input.id }}", outputSchema: textOut },
    {
      id: "slow",
      kind: "tool",
      name: "Slow tool",
      contract: {
        name: "test.slow",
        method: "POST",
        url: `${toolUrl}/slow/{{ input.id }}`,
        inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        outputSchema: { type: "object", required: ["status"], properties: { status: { type: "string", enum: ["ok"] } } },
      },
      input: { id: "{{ input.id }}" },
    },
    { id: "pause", kind: "delay", name: "Pause", duration: "6s" },
    {
      id: "review",
      kind: "human",
      name: "Review",
      subject: "first",
      role: "reviewer",
      timeout: "1h",
      decisions: [{ id: "approve", type: "approve" }, { id: "reject", type: "reject" }],
    },
    { id: "done", kind: "end", name: "Done", output: { text: "{{ steps.first.output.text }}", tool: "{{ steps.slow.output.status }}" } },
    { id: "rejected", kind: "end", name: "Rejected", output: { status: "rejected" } },
    { id: "late", kind: "end", name: "Late", output: { status: "late" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "first" },
    { id: "e2", source: "first", target: "slow" },
    { id: "e3", source: "slow", target: "pause" },
    { id: "e4", source: "pause", target: "review" },
    { id: "e5", source: "review", target: "done", sourceHandle: "approve" },
    { id: "e6", source: "review", target: "rejected", sourceHandle: "reject" },
    { id: "e7", source: "review", target: "late", kind: "timeout" },
  ],
});

beforeAll(async () => {
  if (!existsSync(join(root, ".next/BUILD_ID"))) throw new Error("needs the production build: run `npm test` (it builds first) or `npm run build`");
  dir = mkdtempSync(join(tmpdir(), "baton-crash-"));
  port = await stablePorts(2);
  toolServer = createServer((req, res) => {
    toolHits.push(Date.now());
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok" }));
    }, SLOW_MS);
  });
  await new Promise<void>((r) => toolServer.listen(0, "127.0.0.1", () => r()));
  toolUrl = `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}`;
  await startHost();
}, 120_000);

afterAll(async () => {
  if (host && host.exitCode === null) await kill();
  toolServer?.closeAllConnections();
  await new Promise((r) => toolServer?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("a run survives SIGKILL of the whole app during a step, a sleep and a wait", async () => {
  await api("POST", "/processes", { graph: graph() });
  await api("POST", "/processes/crash-check/publish");
  const { runId } = (await api("POST", "/processes/crash-check/runs", { input: { id: "A-1" } })) as { runId: string };

  // 1. During a step: the tool call is in flight (the tool answers after SLOW_MS).
  await until(async () => toolHits.length === 1, "the tool step to start");
  const before = await getRun(runId);
  expect(before.steps.filter((s) => s.nodeId === "first" && s.status === "succeeded")).toHaveLength(1);
  await kill();
  await startHost();

  // The interrupted step runs again (it never completed) and the run moves on into the sleep.
  await until(async () => (await getRun(runId)).steps.some((s) => s.nodeId === "slow" && s.status === "succeeded"), "the tool step to finish after restart");
  expect(toolHits).toHaveLength(2);

  // 2. During the durable sleep (6 s).
  await kill();
  await startHost();

  // 3. During the human wait: the escalation exists once the sleep is over.
  const escalation = await until(async () => {
    const list = (await api("GET", "/escalations?status=open")) as { escalations: Array<{ id: string; runId: string }> };
    return list.escalations.find((e) => e.runId === runId);
  }, "the escalation after the sleep", 60_000);
  await kill();
  await startHost();

  await api("POST", `/escalations/${escalation.id}/resolve`, { decision: "approve", comment: "fine" });
  const finished = await until(async () => {
    const r = await getRun(runId);
    return r.status === "completed" || r.status === "failed" ? r : undefined;
  }, "the run to complete");

  expect(finished.status).toBe("completed");
  expect(finished.output).toMatchObject({ tool: "ok" });
  expect(typeof (finished.output as { text: unknown }).text).toBe("string");
  // Completed steps ran exactly once across three crashes; only the interrupted tool call repeated.
  expect(finished.steps.filter((s) => s.nodeId === "first")).toHaveLength(1);
  expect(finished.steps.filter((s) => s.nodeId === "slow" && s.status === "succeeded")).toHaveLength(1);
  expect(toolHits).toHaveLength(2);
  // Embedded mode: after the first sync (over HTTP, which loads the route) the engine called the app in-process.
  expect(output).toContain("engine: calls the app's serve route in-process from now on");
}, 240_000);
