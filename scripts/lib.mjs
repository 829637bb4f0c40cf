// Shared steps of `npm start` and `npm test`: install what is missing, generate, build when stale.
// Each step is skipped when a stamp (a hash of its inputs) says nothing changed, which is what
// makes the second `npm start` fast.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function log(msg) {
  process.stdout.write(`\x1b[36m[baton]\x1b[0m ${msg}\n`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts, env: { ...process.env, ...opts.env } });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${r.status ?? r.signal}`);
  }
}

function hashFiles(paths, h = createHash("sha256")) {
  for (const p of paths) {
    const abs = join(root, p);
    if (!existsSync(abs)) continue;
    const st = statSync(abs);
    if (st.isDirectory()) {
      const entries = readdirSync(abs).filter((e) => e !== "node_modules" && e !== ".next" && !e.startsWith("."));
      hashFiles(entries.sort().map((e) => join(p, e)), h);
    } else {
      h.update(p);
      h.update(readFileSync(abs));
    }
  }
  return h;
}

function stamped(stampFile, inputs, action) {
  const abs = join(root, stampFile);
  if (existsSync(abs) && readFileSync(abs, "utf8") === hashFiles(inputs).digest("hex")) return false;
  action();
  mkdirSync(dirname(abs), { recursive: true });
  // Hash again after the action: should it rewrite one of its own inputs (an npm that edits the
  // lock), the stamp describes the result, so the next start does not redo the work.
  writeFileSync(abs, hashFiles(inputs).digest("hex"));
  return true;
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

export function ensureInstalled() {
  stamped("node_modules/.baton-install-stamp", ["package.json", "package-lock.json"], () => {
    // A fresh clone gets exactly the committed lock (`npm ci`, which never edits it). After a pull
    // that changed the lock, `npm install` updates node_modules in place instead of deleting it
    // (`ci` would rebuild better-sqlite3 from source again); it too leaves a complete lock alone.
    const fresh = !existsSync(join(root, "node_modules"));
    log(`installing dependencies${fresh ? " (first run builds better-sqlite3 from source; a few minutes)" : ""}…`);
    run(npm, [fresh ? "ci" : "install", "--no-audit", "--no-fund"]);
  });
}

export function ensureGenerated() {
  stamped("server/db/generated/.baton-stamp", ["prisma/models", "scripts/db.mjs", "package-lock.json"], () => {
    log("generating the database clients…");
    run(process.execPath, [join(root, "scripts/db.mjs"), "generate"], { stdio: ["ignore", "ignore", "inherit"] });
  });
}

export const BUILD_INPUTS = [
  "app", "components", "server", "core", "inngest", "public", "engine",
  "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/models",
];

export function ensureBuilt() {
  const changed = stamped(".next/.baton-build-stamp", BUILD_INPUTS, () => {
    log("building the web app (a few minutes on first run)…");
    run(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
      env: { NEXT_TELEMETRY_DISABLED: "1", BATON_SKIP_ENV_VALIDATION: "1" },
    });
  });
  return changed;
}
