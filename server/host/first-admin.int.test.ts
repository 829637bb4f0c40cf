/**
 * The one-time admin password is printed only by a start that succeeded, and
 * `npm run admin:reset-password` replaces a lost one. Real Baton processes; needs the production build.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort, root, startBaton, type BatonProcess } from "@/server/testing/baton-process";

const dir = mkdtempSync(join(tmpdir(), "baton-admin-"));
const DATABASE_URL = `file:${join(dir, "baton.db")}`;
let baton: BatonProcess | undefined;
afterAll(async () => {
  await baton?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const passwordIn = (out: string) => /password:\s+(\S+)/.exec(out)?.[1];

async function signIn(b: BatonProcess, email: string, password: string): Promise<number> {
  const res = await fetch(`${b.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: `http://localhost:${b.port}` },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

function resetCli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "server/host/admin-reset-password.ts"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL },
    encoding: "utf8",
  });
}

it("a start that fails prints no password; the next successful start creates the admin and prints it", async () => {
  const port = await freePort();
  const blocker: Server = createServer();
  await new Promise<void>((r) => blocker.listen(port, r));
  let failed = "";
  try {
    await startBaton({ PORT: String(port), DATABASE_URL, BATON_ADMIN_EMAIL: "owner@example.com" });
  } catch (e) {
    failed = (e as Error).message;
  } finally {
    await new Promise<void>((r) => blocker.close(() => r()));
  }
  expect(failed).toContain(`port ${port} is already in use`);
  expect(passwordIn(failed)).toBeUndefined();

  baton = await startBaton({ PORT: String(port), DATABASE_URL, BATON_ADMIN_EMAIL: "owner@example.com" });
  const password = passwordIn(baton.output());
  expect(password).toBeDefined();
  expect(baton.output().indexOf("password:")).toBeGreaterThan(baton.output().indexOf("synced"));
  expect(await signIn(baton, "owner@example.com", password!)).toBe(200);
}, 240_000);

it("npm run admin:reset-password prints a new password for the first admin, which signs in at once", async () => {
  const old = passwordIn(baton!.output())!;
  const r = resetCli();
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain("email:    owner@example.com");
  const fresh = passwordIn(r.stdout);
  expect(fresh).toBeDefined();
  expect(await signIn(baton!, "owner@example.com", fresh!)).toBe(200);
  expect(await signIn(baton!, "owner@example.com", old)).toBe(401);

  const unknown = resetCli("ghost@example.com");
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toContain("No user has the email ghost@example.com.");
}, 240_000);
