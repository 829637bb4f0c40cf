#!/usr/bin/env node
// `npm test`: install what is missing, generate, then run every check:
//   typecheck → dependency rules → build → Vitest (unit, integration on SQLite + PostgreSQL, engine
//   conformance, crash tests) → Playwright e2e against a real Baton process.
// `--only=<stage>` runs one stage (typecheck, deps, vitest, e2e); with `--only=e2e`, other arguments
// go to Playwright (`npm run test:e2e -- e2e/runs/runs.spec.ts`).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, ensureGenerated, ensureInstalled, log, root, run } from "./lib.mjs";

const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const want = (stage) => !only || only === stage;
const playwrightArgs = only === "e2e" ? process.argv.slice(2).filter((a) => a !== "--" && !a.startsWith("--only=")) : [];
const bin = (p) => join(root, "node_modules", p);

function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return;
  log("installing Debian's chromium for the browser tests…");
  const r = spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"], { stdio: "inherit" });
  if (r.status !== 0 || !existsSync("/usr/bin/chromium")) throw new Error("chromium is missing and could not be installed (apt-get install -y chromium)");
}

/** A port nobody listens on right now, chosen by the OS (a fixed range can hit a local database). */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function e2e() {
  ensureChromium();
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), "baton-e2e-"));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, "baton.db")}`,
    PORT: String(port),
    BATON_URL: `http://localhost:${port}`,
    BATON_ADMIN_EMAIL: "admin@e2e.test",
    // A throw-away master key beside the throw-away database (not the user's ~/.config/baton).
    BATON_MASTER_KEY_FILE: join(dir, "keys", "master.key"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  log(`starting Baton for e2e on :${port}`);
  const app = spawn(process.execPath, ["--import", "tsx", join(root, "server/host/main.ts")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  app.stdout.on("data", (d) => { out += d; });
  app.stderr.on("data", (d) => { out += d; process.stderr.write(d); });
  try {
    const deadline = Date.now() + 120_000;
    while (!/Baton is running/.test(out)) {
      if (app.exitCode !== null) throw new Error(`Baton exited during start:\n${out}`);
      if (Date.now() > deadline) throw new Error(`Baton did not start within 120 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const password = /password:\s+(\S+)/.exec(out)?.[1];
    if (!password) throw new Error(`first start did not print the admin credentials:\n${out}`);
    run(process.execPath, [bin("@playwright/test/cli.js"), "test", ...playwrightArgs], {
      env: { BATON_E2E_URL: `http://localhost:${port}`, BATON_E2E_EMAIL: "admin@e2e.test", BATON_E2E_PASSWORD: password },
    });
  } finally {
    app.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (app.exitCode === null) app.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  ensureInstalled();
  ensureGenerated();
  if (want("typecheck")) {
    log("typecheck");
    run(process.execPath, [bin("typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"]);
  }
  if (want("deps")) {
    log("dependency rules");
    run(process.execPath, [bin("dependency-cruiser/bin/dependency-cruise.mjs"), "--config", ".dependency-cruiser.cjs", "app", "components", "core", "server", "inngest", "engine", "bench"]);
  }
  if (want("vitest")) {
    // The app-level crash test starts the real Baton process, which serves the production build.
    ensureBuilt();
    log("vitest: unit, integration (SQLite + PostgreSQL), engine conformance and crash tests");
    // Baton processes the tests start keep their master key here, not in the user's ~/.config/baton.
    const keys = mkdtempSync(join(tmpdir(), "baton-test-keys-"));
    try {
      run(process.execPath, [bin("vitest/vitest.mjs"), "run"], { env: { BATON_MASTER_KEY_FILE: process.env.BATON_MASTER_KEY_FILE ?? join(keys, "master.key") } });
    } finally {
      rmSync(keys, { recursive: true, force: true });
    }
  }
  if (want("e2e")) {
    log("playwright e2e");
    await e2e();
  }
  log("all tests passed");
} catch (e) {
  console.error(`\n[baton] tests failed: ${e.message}`);
  process.exit(1);
}
