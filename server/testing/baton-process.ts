/**
 * Starts the real Baton process (server/host/main.ts: Next.js production build + embedded engine)
 * on a fresh SQLite file and free ports, for tests of what happens before our handlers run.
 * Needs the production build (`npm test` builds before Vitest).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export interface BatonProcess {
  url: string;
  apiKey: string;
  adminEmail: string;
  adminPassword: string;
  output(): string;
  stop(): Promise<void>;
}

/** Two consecutive free ports (app, engine). */
async function freePorts(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((ok, fail) => {
      const s = createServer();
      s.once("error", fail);
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const next = await new Promise<boolean>((ok) => {
      const s = createServer();
      s.once("error", () => ok(false));
      s.listen(port + 1, "127.0.0.1", () => s.close(() => ok(true)));
    });
    if (next && port < 65535) return port;
  }
}

export async function startBatonProcess(env: Record<string, string> = {}): Promise<BatonProcess> {
  const dir = mkdtempSync(join(tmpdir(), "baton-proc-"));
  const port = await freePorts();
  const apiKey = `bk_test_bootstrap_${Math.random().toString(36).slice(2)}_0123456789`;
  const adminEmail = "admin@proc.test";
  let out = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(root, "server/host/main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: `file:${join(dir, "baton.db")}`,
      PORT: String(port),
      BATON_URL: `http://localhost:${port}`,
      BATON_ENGINE_PORT: String(port + 1),
      BATON_BOOTSTRAP_API_KEY: apiKey,
      BATON_ADMIN_EMAIL: adminEmail,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 120_000;
  while (!/Baton is running/.test(out)) {
    if (child.exitCode !== null) throw new Error(`Baton exited during start:\n${out}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Baton did not start:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const adminPassword = /password:\s+(\S+)/.exec(out)?.[1] ?? "";
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    adminEmail,
    adminPassword,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
