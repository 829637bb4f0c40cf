/**
 * The host swaps process.env for a cheaper copy (process-env.ts). That is only safe if nothing can tell the
 * difference: these checks run in a fresh Node process (the real process.env, the real inngest SDK) and compare
 * what code, native code, child processes and worker threads see after writes and deletes.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "baton-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const root = resolve(import.meta.dirname, "../..");

function runChild(body: string, env: Record<string, string> = {}): Record<string, unknown> {
  const file = join(dir, `child-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(
    file,
    `import { installProcessEnvSnapshot } from ${JSON.stringify(join(root, "server/runtime/process-env.ts"))};
const out: Record<string, unknown> = {};
${body}
process.stdout.write(JSON.stringify(out));`,
  );
  const stdout = execFileSync(process.execPath, ["--import", "tsx", file], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

it("reads, enumeration and the inngest SDK see the same variables, including ones set after the swap", () => {
  const out = runChild(
    `
const before = Object.entries(process.env).sort();
const native = process.env;
installProcessEnvSnapshot();
installProcessEnvSnapshot(); // idempotent
out.swapped = process.env !== native && (await import("node:util")).types.isProxy(process.env);
out.same = JSON.stringify(Object.entries(process.env).sort()) === JSON.stringify(before);
out.read = process.env.BATON_PROBE;
out.has = "BATON_PROBE" in process.env && Object.prototype.hasOwnProperty.call(process.env, "BATON_PROBE");
out.missing = process.env.BATON_NOT_SET;
out.hasOwnMethod = process.env.hasOwnProperty("BATON_PROBE") && "toString" in process.env;
out.badDefine = (() => {
  try {
    Object.defineProperty(process.env, "BATON_BAD", { value: "x" });
    return "accepted";
  } catch (e) {
    return (e as { code?: string }).code;
  }
})();
out.badLeftNothing = !("BATON_BAD" in process.env);
process.env.INNGEST_ENV = "branch-x";
const { getProcessEnv } = await import(${JSON.stringify(join(root, "node_modules/inngest/helpers/env.js"))});
out.sdk = getProcessEnv().INNGEST_ENV;
out.json = JSON.parse(JSON.stringify(process.env)).INNGEST_ENV;
`,
    { BATON_PROBE: "one" },
  );
  expect(out).toEqual({
    swapped: true,
    same: true,
    read: "one",
    has: true,
    missing: undefined,
    hasOwnMethod: true,
    badDefine: "ERR_INVALID_OBJECT_DEFINE_PROPERTY",
    badLeftNothing: true, sdk: "branch-x", json: "branch-x" });
});

it("writes are strings, as on the real process.env, and reach native code, child processes and workers", () => {
  const out = runChild(`
installProcessEnvSnapshot();
process.env.BATON_NUM = 42 as unknown as string;
out.num = process.env.BATON_NUM;
out.numType = typeof process.env.BATON_NUM;
Object.defineProperty(process.env, "BATON_DEFINED", { value: true, enumerable: true, configurable: true, writable: true });
out.defined = process.env.BATON_DEFINED;
// Native code reads the real environment: os.homedir() is libuv's getenv("HOME").
process.env.HOME = "/baton-home-probe";
out.home = (await import("node:os")).homedir();
// TZ: Node resets its time-zone cache only when the real environment's TZ changes.
process.env.TZ = "UTC";
const utc = new Date(2026, 0, 1).getTimezoneOffset();
process.env.TZ = "Asia/Kolkata";
out.tzShift = utc - new Date(2026, 0, 1).getTimezoneOffset();
const { execFileSync } = await import("node:child_process");
out.child = execFileSync("sh", ["-c", "echo \${BATON_NUM}:\${BATON_DEFINED}"], { encoding: "utf8" }).trim();
const { Worker } = await import("node:worker_threads");
out.worker = await new Promise((res, rej) => {
  const w = new Worker("require('node:worker_threads').parentPort.postMessage(process.env.BATON_NUM)", { eval: true });
  w.once("message", res);
  w.once("error", rej);
});
`);
  expect(out).toEqual({
    num: "42",
    numType: "string",
    defined: "true",
    home: "/baton-home-probe",
    tzShift: 330,
    child: "42:true",
    worker: "42",
  });
});

it("deletes remove the variable everywhere", () => {
  const out = runChild(
    `
installProcessEnvSnapshot();
delete process.env.BATON_GONE;
out.read = process.env.BATON_GONE ?? null;
out.keys = Object.keys(process.env).includes("BATON_GONE");
const { execFileSync } = await import("node:child_process");
out.child = execFileSync("sh", ["-c", "echo \${BATON_GONE:-unset}"], { encoding: "utf8" }).trim();
// Native code: with HOME gone from the real environment, libuv falls back to the password database.
delete process.env.HOME;
// (Without a passwd entry for this user it throws instead: also not the deleted value.)
const os = await import("node:os");
out.home = (() => {
  try {
    return os.homedir() === "/baton-home-probe" ? "still the deleted HOME" : "fallback";
  } catch {
    return "fallback";
  }
})();
`,
    { BATON_GONE: "here", HOME: "/baton-home-probe" },
  );
  expect(out).toEqual({ read: null, keys: false, child: "unset", home: "fallback" });
});
