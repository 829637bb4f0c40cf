/**
 * A real Baton process (server/host/main.ts: Next.js production build + embedded engine) on a
 * temporary SQLite file and a free port, for tests of what a user does from the command line.
 * Needs the production build (`npm test` builds before Vitest).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");

export interface BatonProcess {
  port: number;
  url: string;
  databaseUrl: string;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/**
 * `span` consecutive ports, free now, below the ephemeral range (so an outgoing connection does not take one
 * between a test's restarts of the same process, as it could with `freePort`'s). Each is checked by binding it:
 * a random pick once landed on PostgreSQL's 5432.
 */
export async function stablePorts(span = 2): Promise<number> {
  const bindable = (port: number) =>
    new Promise<boolean>((ok) => {
      const s = createServer();
      s.once("error", () => ok(false));
      s.listen(port, "127.0.0.1", () => s.close(() => ok(true)));
    });
  for (let i = 0; i < 100; i++) {
    const first = 4100 + Math.floor(Math.random() * 1900) * span;
    let all = true;
    for (let p = first; p < first + span && all; p++) all = await bindable(p);
    if (all) return first;
  }
  throw new Error("no free ports between 4100 and 8000");
}

export async function startBaton(env: Record<string, string> = {}, { timeoutMs = 120_000 } = {}): Promise<BatonProcess> {
  const dir = mkdtempSync(join(tmpdir(), "baton-proc-"));
  // PORT / DATABASE_URL may be given (a taken port, a database kept across starts).
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const databaseUrl = env.DATABASE_URL ?? `file:${join(dir, "baton.db")}`;
  const vars: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    BATON_URL: `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    ...env,
  };
  // The default deployment: no engine port unless the test asks for one.
  if (!("BATON_ENGINE_PORT" in env)) delete vars.BATON_ENGINE_PORT;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(root, "server/host/main.ts")], {
    cwd: root,
    env: vars,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!/Baton is running/.test(out)) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Baton exited during start:\n${out}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Baton did not start within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, url: `http://127.0.0.1:${port}`, databaseUrl, output: () => out, stop };
}

export interface SignedInBaton extends BatonProcess {
  apiKey: string;
  adminEmail: string;
  adminPassword: string;
}

/** A real Baton process with an admin API key and the first admin's one-time password. */
export async function startBatonWithAdmin(env: Record<string, string> = {}): Promise<SignedInBaton> {
  const apiKey = `bk_test_bootstrap_${Math.random().toString(36).slice(2)}_0123456789`;
  const adminEmail = "admin@proc.test";
  const baton = await startBaton({ BATON_BOOTSTRAP_API_KEY: apiKey, BATON_ADMIN_EMAIL: adminEmail, ...env });
  const adminPassword = /password:\s+(\S+)/.exec(baton.output())?.[1] ?? "";
  return { ...baton, apiKey, adminEmail, adminPassword };
}

/**
 * Polls `probe` every 100 ms until it returns something truthy (a throwing probe counts as "not
 * yet"). Fails at once if `child` exits on its own (not by a signal the test sent), quoting its output.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  opts: { ms?: number; child?: () => ChildProcess | undefined; output?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.ms ?? 60_000);
  const output = () => opts.output?.() ?? "";
  for (;;) {
    const child = opts.child?.();
    if (child && child.exitCode !== null && child.signalCode === null) throw new Error(`Baton exited while waiting for ${what}:\n${output()}`);
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A JSON client for `/api/v1` with a bearer key; a non-2xx answer throws with its status and body. */
export function restClient(baseUrl: () => string, key: string) {
  return async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${baseUrl()}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
