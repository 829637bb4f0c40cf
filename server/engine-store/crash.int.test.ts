/**
 * Crash test: the engine (Prisma SQLite store) and an app in a child process; SIGKILL it during a step,
 * during a sleep and during a wait, twice; restart; check every run's output and that no step that had
 * completed (was memoised) before a kill ever started again. And: SIGKILL while a debounce and a batch hold
 * events; after the restart each still starts its one run with the right event(s).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/server/db/client";
import { migrate } from "@/scripts/db.mjs";
const EVENT_KEY = "test-event-key-1234"; // as in test/crash-host.ts

async function waitFor<T>(fn: () => Promise<T> | T, timeoutMs: number, label: string): Promise<NonNullable<T>> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const root = resolve(import.meta.dirname, "../..");
const host = join(import.meta.dirname, "test/crash-host.ts");

async function freePort(): Promise<number> {
  return new Promise((r) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => r(port));
    });
  });
}

describe("engine crash recovery (SIGKILL, Prisma SQLite store)", () => {
  let dir: string;
  let url: string;
  let db: DbHandle;
  let child: ChildProcess | undefined;
  let enginePort: number;
  let appPort: number;
  let logFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "baton-crash-"));
    url = `file:${join(dir, "engine.db")}`;
    logFile = join(dir, "exec.log");
    await migrate(url, { log: () => {} });
    db = await openDatabase(url);
    enginePort = await freePort();
    appPort = await freePort();
  });

  afterAll(async () => {
    child?.kill("SIGKILL");
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startChild(): Promise<void> {
    const c = spawn(process.execPath, ["--import", "tsx", host, url, String(enginePort), String(appPort), logFile], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = c;
    let err = "";
    c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    await new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`host did not start: ${err}`)), 60_000);
      c.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("READY")) {
          clearTimeout(t);
          res();
        }
      });
      c.once("exit", (code) => rej(new Error(`host exited (${code}): ${err}`)));
    });
  }

  async function kill(): Promise<void> {
    const c = child!;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
    child = undefined;
  }

  const lines = () => (existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").filter(Boolean) : []);
  const has = (line: string) => lines().includes(line);
  const count = (line: string) => lines().filter((l) => l === line).length;

  /** Steps memoised in the database right now, as "<k>|<step name>" (step names are the user ids). */
  async function memoised(): Promise<Set<string>> {
    const runs = await db.db.engineRun.findMany();
    const steps = await db.db.engineStep.findMany();
    const { createHash } = await import("node:crypto");
    const names = ["a", "b", ...Array.from({ length: 8 }, (_, i) => `s${i + 1}`)];
    const byHash = new Map(names.map((n) => [createHash("sha1").update(n).digest("hex"), n]));
    const kOf = new Map(runs.map((r) => [r.id, (JSON.parse(r.event) as { data: { k: string } }).data.k]));
    return new Set(steps.filter((s) => byHash.has(s.stepId)).map((s) => `${kOf.get(s.runId)}|${byHash.get(s.stepId)}`));
  }

  const send = (events: unknown) =>
    fetch(`http://127.0.0.1:${enginePort}/e/${EVENT_KEY}`, { method: "POST", body: JSON.stringify(events) }).then((r) => {
      expect(r.status).toBe(200);
    });

  it("continues every run from its last completed step; completed steps never run again", async () => {
    await startChild();
    await send([
      { name: "crash/steps", data: { k: "S" } },
      { name: "crash/sleep", data: { k: "Z" } },
      { name: "crash/wait", data: { k: "W" } },
    ]);
    // Kill 1: the sleeper is asleep, the waiter waits, and the step runner is in the middle of step s3.
    await waitFor(() => has("Z|a|END") && has("W|a|END") && has("S|s3|START"), 60_000, "first kill point");
    await waitFor(async () => (await db.db.engineWaiter.count()) === 1, 30_000, "wait registered");
    await kill();
    const before1 = await memoised();
    const mark1 = lines().length;
    expect(before1.has("S|s1")).toBe(true);
    expect(before1.has("Z|a")).toBe(true);
    expect(before1.has("W|a")).toBe(true);

    // Restart; kill 2 in the middle of a later step (still before the sleep is due).
    await startChild();
    await waitFor(() => lines().some((l) => /^S\|s[5-7]\|START$/.test(l)), 60_000, "second kill point");
    await kill();
    const before2 = await memoised();
    const mark2 = lines().length;

    await startChild();
    await send({ name: "crash/go", data: { k: "W", v: 7 } });
    const finished = await waitFor(
      async () => {
        const runs = await db.db.engineRun.findMany();
        return runs.length === 3 && runs.every((r) => r.status !== "Running") ? runs : undefined;
      },
      90_000,
      "all runs to finish",
    );
    const out = Object.fromEntries(
      finished.map((r) => [(JSON.parse(r.event) as { data: { k: string } }).data.k, { status: r.status, output: JSON.parse(r.output ?? "null") }]),
    );
    expect(out).toEqual({
      S: { status: "Completed", output: { sum: 36 } },
      Z: { status: "Completed", output: { a: 1, b: 2 } },
      W: { status: "Completed", output: { a: 1, b: 2, go: 7 } },
    });

    // Memoised before a kill => never started again after that kill.
    const startedAfter = (mark: number, s: string) => lines().slice(mark).filter((l) => l === `${s}|START`).length;
    for (const s of before1) expect(startedAfter(mark1, s), `${s} after kill 1`).toBe(0);
    for (const s of before2) expect(startedAfter(mark2, s), `${s} after kill 2`).toBe(0);
    expect(before2.size).toBeGreaterThan(before1.size);
    // Every step finished at least once; an in-flight step may have been re-run (at-least-once), but at most
    // once per kill.
    for (const k of ["S|s1", "S|s2", "S|s3", "S|s4", "S|s5", "S|s6", "S|s7", "S|s8", "Z|a", "Z|b", "W|a", "W|b"]) {
      expect(count(`${k}|END`), k).toBeGreaterThanOrEqual(1);
      expect(count(`${k}|START`), k).toBeLessThanOrEqual(3);
    }
    await kill();
  }, 240_000);

  it("held runs (debounce, batchEvents) survive a SIGKILL right after the event API answered", async () => {
    await startChild();
    await send([{ name: "crash/debounce", data: { n: 1 } }, { name: "crash/batch", data: { n: 1 } }]);
    await send([{ name: "crash/debounce", data: { n: 2 } }, { name: "crash/batch", data: { n: 2 } }]);
    await kill();
    expect(await db.db.engineRun.count({ where: { functionId: { in: ["crash-debounced", "crash-batched"] } } })).toBe(0);
    await startChild();
    const runs = await waitFor(
      async () => {
        const rs = await db.db.engineRun.findMany({ where: { functionId: { in: ["crash-debounced", "crash-batched"] } } });
        return rs.length === 2 && rs.every((r) => r.status === "Completed") ? rs : undefined;
      },
      60_000,
      "the held runs to finish",
    );
    const out = Object.fromEntries(runs.map((r) => [r.functionId, JSON.parse(r.output ?? "null") as unknown]));
    expect(out).toEqual({ "crash-debounced": { n: 2 }, "crash-batched": [1, 2] });
    await kill();
  }, 240_000);
});
