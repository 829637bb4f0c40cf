/**
 * The whole Baton process is SIGKILLed between a commit and the engine hand-off that must follow
 * it (the TEST-ONLY hook in server/runtime/crash-hook.ts), then started again:
 *  - inside the resolve request: the recorded decision must still be the branch the run takes
 *    (not the timeout branch hours later);
 *  - inside the start-run request: the run must still start and complete, and retrying with the
 *    same idempotency key must return that run.
 * On SQLite and PostgreSQL. Needs the production build (`npm test` builds before Vitest).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil, restClient, stablePorts } from "@/server/testing/baton-process";
import { PG_BASE_URL, postgresStatus } from "@/server/testing/databases";
import { CRASH_CONFIRM_PHRASE, type CrashPoint } from "@/server/runtime/crash-hook";

const root = resolve(import.meta.dirname, "../..");
const KEY = "bk_crash_test_bootstrap_key_0123456789";
const pgStatus = await postgresStatus();

const humanGraph = {
  slug: "crash-resolve",
  name: "Crash resolve",
  nodes: [
    { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
    {
      id: "review",
      kind: "human",
      name: "Review",
      role: "reviewer",
      timeout: "1h",
      decisions: [{ id: "approve", type: "approve" }, { id: "reject", type: "reject" }],
    },
    { id: "done", kind: "end", name: "Done", output: { status: "approved" } },
    { id: "rejected", kind: "end", name: "Rejected", output: { status: "rejected" } },
    { id: "late", kind: "end", name: "Late", output: { status: "late" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "review" },
    { id: "e2", source: "review", target: "done", sourceHandle: "approve" },
    { id: "e3", source: "review", target: "rejected", sourceHandle: "reject" },
    { id: "e4", source: "review", target: "late", kind: "timeout" },
  ],
};

const textOut = { type: "object", required: ["text"], properties: { text: { type: "string" } } };
const plainGraph = {
  slug: "crash-start",
  name: "Crash start",
  nodes: [
    { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
    { id: "first", kind: "llm", name: "First", task: "extract", model: { tier: "light" }, prompt: "Summarise {{ input.id }}", outputSchema: textOut },
    { id: "done", kind: "end", name: "Done", output: { text: "{{ steps.first.output.text }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "first" },
    { id: "e2", source: "first", target: "done" },
  ],
};

for (const provider of ["sqlite", "postgres"] as const) {
  const skip = provider === "postgres" && !pgStatus.ok && process.env.CI !== "true";
  (skip ? describe.skip : describe)(`app crash between commit and engine hand-off [${provider}]${skip && !pgStatus.ok ? ` — skipped: ${pgStatus.reason}` : ""}`, () => {
    let dir: string;
    let databaseUrl: string;
    let schema: string | undefined;
    let port: number;
    let host: ChildProcess | undefined;
    let output = "";

    async function startHost(crashAt?: CrashPoint): Promise<void> {
      output = "";
      host = spawn(process.execPath, ["--import", "tsx", join(root, "server/host/main.ts")], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: databaseUrl,
          PORT: String(port),
          BATON_URL: `http://localhost:${port}`,
          BATON_ENGINE_PORT: String(port + 1),
          BATON_BOOTSTRAP_API_KEY: KEY,
          NEXT_TELEMETRY_DISABLED: "1",
          ...(crashAt ? { BATON_TEST_CRASH_AT: crashAt, BATON_TEST_CRASH_CONFIRM: CRASH_CONFIRM_PHRASE } : {}),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      host.stdout!.on("data", (d) => (output += d));
      host.stderr!.on("data", (d) => (output += d));
      await until(async () => /Baton is running/.test(output), "Baton to start", 90_000);
    }

    async function exited(): Promise<void> {
      const h = host!;
      if (h.exitCode !== null || h.signalCode !== null) return;
      await new Promise((r) => h.once("exit", r));
    }

    const until = <T>(probe: () => Promise<T | undefined | false>, what: string, ms = 60_000) =>
      pollUntil(probe, what, { ms, child: () => host, output: () => output });
    const api = restClient(() => `http://127.0.0.1:${port}`, KEY);

    interface RunView { status: string; output?: unknown; escalations: Array<{ decision: string | null; status: string }> }
    const getRun = (id: string) => api("GET", `/runs/${id}`) as Promise<unknown> as Promise<RunView>;
    const finished = (id: string, ms = 60_000) =>
      until(async () => {
        const r = await getRun(id);
        return ["completed", "failed", "cancelled"].includes(r.status) ? r : undefined;
      }, `run ${id} to finish`, ms);

    beforeAll(async () => {
      if (!existsSync(join(root, ".next/BUILD_ID"))) throw new Error("needs the production build: run `npm test` (it builds first) or `npm run build`");
      if (provider === "postgres" && !pgStatus.ok) throw new Error(`CI=true requires PostgreSQL: ${pgStatus.reason}`);
      dir = mkdtempSync(join(tmpdir(), "baton-crash-outbox-"));
      if (provider === "sqlite") databaseUrl = `file:${join(dir, "baton.db")}`;
      else {
        schema = `t_crash_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
        const u = new URL(PG_BASE_URL);
        u.searchParams.set("schema", schema);
        databaseUrl = u.toString();
      }
      port = await stablePorts(2);
    }, 30_000);

    afterAll(async () => {
      if (host && host.exitCode === null && host.signalCode === null) {
        host.kill("SIGKILL");
        await exited();
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (schema) {
        const c = new pg.Client({ connectionString: PG_BASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
    });

    it("a decision committed just before a SIGKILL is the branch the run takes after restart", async () => {
      await startHost("resolve-committed");
      for (const graph of [humanGraph, plainGraph]) {
        await api("POST", "/processes", { graph });
        await api("POST", `/processes/${graph.slug}/publish`);
      }
      const { runId } = (await api("POST", "/processes/crash-resolve/runs", { input: { id: "R-1" } })) as { runId: string };
      const escalation = await until(async () => {
        const list = (await api("GET", "/escalations?status=open")) as { escalations: Array<{ id: string; runId: string }> };
        return list.escalations.find((e) => e.runId === runId);
      }, "the escalation");

      // The process dies inside this request, after the decision is committed.
      await expect(api("POST", `/escalations/${escalation.id}/resolve`, { decision: "reject", comment: "no" })).rejects.toThrow();
      await exited();
      expect(output).toMatch(/TEST-ONLY crash hook: SIGKILL at resolve-committed/);

      await startHost("start-run-committed");
      const run = await finished(runId);
      expect(run.escalations).toEqual([expect.objectContaining({ status: "resolved", decision: "reject" })]);
      expect(run.status).toBe("completed");
      expect(run.output).toEqual({ status: "rejected" });
    }, 240_000);

    it("a run committed just before a SIGKILL starts after restart, and its idempotency key returns it", async () => {
      // The host from the previous test is armed at start-run-committed.
      if (!host || host.exitCode !== null || host.signalCode !== null) await startHost("start-run-committed");
      await expect(api("POST", "/processes/crash-start/runs", { input: { id: "S-1" }, idempotencyKey: "crash-start-1" })).rejects.toThrow();
      await exited();
      expect(output).toMatch(/TEST-ONLY crash hook: SIGKILL at start-run-committed/);

      await startHost();
      const { runs } = (await api("GET", "/runs?process=crash-start")) as { runs: Array<{ id: string }> };
      expect(runs).toHaveLength(1);
      const runId = runs[0]!.id;
      const run = await finished(runId);
      expect(run.status).toBe("completed");
      expect(typeof (run.output as { text?: unknown }).text).toBe("string");

      // The client's retry with the same key gets that same (completed) run, never a second or dead one.
      const retry = (await api("POST", "/processes/crash-start/runs", { input: { id: "S-1" }, idempotencyKey: "crash-start-1" })) as { runId: string; created: boolean; status: string };
      expect(retry).toMatchObject({ runId, created: false, status: "completed" });
    }, 240_000);
  });
}
