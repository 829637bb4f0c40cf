/**
 * The README's standalone setup, as a user runs it: `npm run engine` (the engine on its own, its state in the
 * app database), its keys from `--print-keys`, then Baton with BATON_ENGINE=external and INNGEST_BASE_URL pointing
 * at it. A process runs to the end through the engine: the app's SDK checkpoints over loopback HTTP (with
 * `httpFetch`: server/runtime/inngest-client.test.ts checks that on the wire), the engine calls the app's
 * /api/inngest. Needs the production build.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { oneStepGraph } from "@/core/testing/graphs";
import { freePort, pollUntil, restClient, root, startBaton, type BatonProcess } from "@/server/testing/baton-process";

const KEY = "bk_standalone_engine_bootstrap_0123456789";
const dir = mkdtempSync(join(tmpdir(), "baton-standalone-"));
let engine: ChildProcess | undefined;
let app: BatonProcess | undefined;
let engineOut = "";

afterAll(async () => {
  await app?.stop();
  if (engine && engine.exitCode === null) {
    const exited = new Promise((r) => engine!.once("exit", r));
    engine.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const graph = oneStepGraph("standalone", "Standalone");

it("Baton with BATON_ENGINE=external runs a process on the standalone engine", async () => {
  const databaseUrl = `file:${join(dir, "baton.db")}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl };
  const engineMain = join(root, "server/host/engine-main.ts");
  const keys = execFileSync(process.execPath, ["--import", "tsx", engineMain, "--print-keys"], { cwd: root, env, encoding: "utf8" });
  const signingKey = /^INNGEST_SIGNING_KEY=(\S+)$/m.exec(keys)?.[1];
  const eventKey = /^INNGEST_EVENT_KEY=(\S+)$/m.exec(keys)?.[1];
  expect(signingKey).toMatch(/^signkey-/);
  expect(eventKey).toBeTruthy();

  const enginePort = await freePort();
  engine = spawn(process.execPath, ["--import", "tsx", engineMain], {
    cwd: root,
    env: { ...env, BATON_ENGINE_PORT: String(enginePort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  engine.stdout!.on("data", (d) => (engineOut += d));
  engine.stderr!.on("data", (d) => (engineOut += d));
  const engineUrl = `http://127.0.0.1:${enginePort}`;
  await pollUntil(async () => /engine listening at/.test(engineOut), "the standalone engine to listen", {
    child: () => engine,
    output: () => engineOut,
  });

  app = await startBaton({
    DATABASE_URL: databaseUrl,
    BATON_BOOTSTRAP_API_KEY: KEY,
    BATON_ENGINE: "external",
    INNGEST_BASE_URL: engineUrl,
    INNGEST_SIGNING_KEY: signingKey!,
    INNGEST_EVENT_KEY: eventKey!,
  });
  const rest = restClient(() => app!.url, KEY);
  await rest("POST", "/processes", { graph });
  await rest("POST", "/processes/standalone/publish");
  const { runId } = (await rest("POST", "/processes/standalone/runs", { input: { id: "A-1" } })) as { runId: string };
  const run = await pollUntil(
    async () => {
      const r = (await rest("GET", `/runs/${runId}`)) as { status: string; output?: { text?: string } };
      return ["queued", "running"].includes(r.status) ? undefined : r;
    },
    `run ${runId} to end`,
    { output: () => `${app!.output().slice(-2000)}\n--- engine ---\n${engineOut.slice(-2000)}` },
  );
  expect(run.status).toBe("completed");
  expect(typeof run.output?.text).toBe("string");

  // The run went through the standalone engine: it made the call requests and took the SDK's checkpoints.
  const health = (await (await fetch(`${engineUrl}/health`)).json()) as { stats: { callRequests: number; checkpoints: number } };
  expect(health.stats.callRequests).toBeGreaterThan(0);
  expect(health.stats.checkpoints).toBeGreaterThan(0);
}, 240_000);
