#!/usr/bin/env node
// `npm start`: install what is missing, generate, build if the sources changed, then run Baton
// (web app + embedded engine in one process; SQLite at ./data/baton.db unless DATABASE_URL is set).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureBuilt, ensureGenerated, ensureInstalled, log, root } from "./lib.mjs";

const buildOnly = process.argv.includes("--build-only");
try {
  ensureInstalled();
  ensureGenerated();
  ensureBuilt();
} catch (e) {
  console.error(`\n[baton] start failed: ${e.message}`);
  process.exit(1);
}
if (buildOnly) process.exit(0);

log("starting…");
// A larger young generation: the SDK allocates per request and per step, and scavenges were 7 % of the CPU of
// 200 concurrent runs; 32 MB semi-spaces gave +10 % steps/s for ~35 MB more RSS (bench/README.md, engine).
// NODE_OPTIONS wins when it sets the size itself.
const gcFlags = /--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? "") ? [] : ["--max-semi-space-size=32"];
const child = spawn(process.execPath, [...gcFlags, "--import", "tsx", join(root, "server/host/main.ts")], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
