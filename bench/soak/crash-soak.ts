/**
 * Crash soak (issue 7, "Done when"): a real Baton process (production build, server/host/main.ts)
 * on a fresh SQLite file or PostgreSQL schema takes bursts of support-triage run starts (each with
 * an idempotency key) and escalation resolves over REST, and is SIGKILLed at a random moment while
 * requests are in flight, then started again on the same database; unanswered requests are sent
 * again with the same keys and decisions. At the end it resolves what is still open, waits for
 * quiescence and checks the invariants on the database (see bench/README.md, "Crash soak").
 *
 * Usage: npm run bench:soak -- [sqlite|postgres]   (SOAK_ROUNDS=5, SOAK_RUNS_PER_ROUND=40)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DbHandle } from "@/server/db/client";
import { migrate } from "@/scripts/db.mjs";
import { freePort } from "@/server/testing/baton-process";
import { checkInvariants, snapshotCompleted, type CompletedSnapshot } from "./invariants";

const root = resolve(import.meta.dirname, "../..");
const provider = process.argv[2] === "postgres" ? "postgres" : "sqlite";
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.SOAK_RUNS_PER_ROUND ?? 40);
const PG_BASE_URL = process.env.BATON_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const KEY = `bk_soak_${randomBytes(12).toString("hex")}`;
const REQUEST_TIMEOUT_MS = 20_000;
const QUIESCE_MS = 240_000;

if (!existsSync(join(root, ".next/BUILD_ID"))) throw new Error("needs the production build: node node_modules/next/dist/bin/next build");

const dir = mkdtempSync(join(tmpdir(), "baton-soak-"));
const schema = `soak_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const databaseUrl = provider === "sqlite" ? `file:${join(dir, "baton.db")}` : (() => {
  const u = new URL(PG_BASE_URL);
  u.searchParams.set("schema", schema);
  return u.toString();
})();
const port = await freePort();
let host: ChildProcess | undefined;
let output = "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startHost(): Promise<void> {
  output = "";
  host = spawn(process.execPath, ["--import", "tsx", join(root, "server/host/main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      BATON_URL: `http://localhost:${port}`,
      BATON_BOOTSTRAP_API_KEY: KEY,
      BATON_MASTER_KEY_FILE: join(dir, "keys", "master.key"),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  host.stdout!.on("data", (d) => (output += d));
  host.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 120_000;
  while (!/Baton is running/.test(output)) {
    if (host.exitCode !== null) throw new Error(`Baton exited during start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Baton did not start in 120 s:\n${output.slice(-3000)}`);
    await sleep(100);
  }
}

async function killHost(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  const h = host;
  if (!h || h.exitCode !== null || h.signalCode !== null) return;
  const exited = new Promise((r) => h.once("exit", r));
  h.kill(signal);
  await exited;
}

type Answer = { status: number; body: Record<string, unknown> } | undefined; // undefined: no answer
async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

// ---- the workload -------------------------------------------------------------------------
type Kind = "urgent" | "confident" | "unsure";
const KINDS: Kind[] = ["urgent", "confident", "unsure"];
function ticket(key: string, kind: Kind) {
  const t = { id: key, customerEmail: `${key}@example.com`, plan: "pro" };
  if (kind === "urgent") return { ticket: { ...t, subject: "URGENT: production is down", body: "Nothing loads since 9:00, all our users are affected." } };
  if (kind === "confident") return { ticket: { ...t, subject: "Refund", body: "I was charged twice" } };
  return { ticket: { ...t, subject: "Refund", body: "I was charged twice __simulate: low_confidence" } };
}

interface StartReq { key: string; kind: Kind; runIds: Set<string>; answered: boolean; sends: number }
const starts: StartReq[] = [];
/** Decision sent per escalation (always the same one when re-sent). */
const sentDecisions = new Map<string, { decision: string; answered: boolean; sends: number; outcome?: number }>();
const counts = { startRequests: 0, startUnanswered: 0, startCreatedFalse: 0, resolveRequests: 0, resolveUnanswered: 0, resolveConflicts: 0, kills: 0, snapshotsCompletedSteps: 0 };

async function sendStart(s: StartReq): Promise<void> {
  s.sends++;
  counts.startRequests++;
  const a = await api("POST", "/processes/support-triage/runs", { input: ticket(s.key, s.kind), idempotencyKey: s.key });
  if (!a) return void counts.startUnanswered++;
  if (a.status !== 202 && a.status !== 200) throw new Error(`start ${s.key} → ${a.status} ${JSON.stringify(a.body)}`);
  s.answered = true;
  s.runIds.add(String(a.body.runId));
  if (a.body.created === false) counts.startCreatedFalse++;
}

interface EscView { id: string; nodeId: string; proposedOutput: unknown; allowedDecisions: Array<{ id: string; type: string }> }
function chooseDecision(e: EscView): { decision: string; output?: unknown } {
  const ids = e.allowedDecisions.map((d) => d.id);
  const h = parseInt(e.id.replace(/\W/g, "").slice(-6), 36) || 0;
  const decision = ids[h % ids.length]!;
  if (decision === "edit") return { decision, output: { ...(e.proposedOutput as object), reply: "Edited by the soak: sorry for the double charge." } };
  return { decision };
}

async function sendResolve(id: string, body: { decision: string; output?: unknown }): Promise<void> {
  const rec = sentDecisions.get(id) ?? { decision: body.decision, answered: false, sends: 0 };
  sentDecisions.set(id, rec);
  rec.sends++;
  counts.resolveRequests++;
  const a = await api("POST", `/escalations/${id}/resolve`, { ...body, comment: "soak" });
  if (!a) return void counts.resolveUnanswered++;
  if (a.status === 409) counts.resolveConflicts++;
  else if (a.status !== 200) throw new Error(`resolve ${id} → ${a.status} ${JSON.stringify(a.body)}`);
  rec.answered = true;
  rec.outcome = a.status;
}

const pendingResolveBodies = new Map<string, { decision: string; output?: unknown }>();
/** One pass: resolve every open escalation not already being resolved. */
async function resolvePass(): Promise<number> {
  const a = await api("GET", "/escalations?status=open&limit=200");
  if (!a || a.status !== 200) return 0;
  const open = (a.body.escalations as EscView[]).filter((e) => !sentDecisions.get(e.id)?.answered && !pendingResolveBodies.has(e.id));
  await Promise.all(open.map(async (e) => {
    const body = sentDecisions.has(e.id) ? { ...chooseDecision(e), decision: sentDecisions.get(e.id)!.decision } : chooseDecision(e);
    pendingResolveBodies.set(e.id, body);
    await sendResolve(e.id, body);
    pendingResolveBodies.delete(e.id);
  }));
  return open.length;
}

async function resendUnanswered(): Promise<void> {
  // Bounded: each pass re-sends everything unanswered; the host is up, so they answer.
  for (let pass = 0; pass < 5; pass++) {
    const todo = starts.filter((s) => !s.answered);
    const resolves = [...sentDecisions.entries()].filter(([, r]) => !r.answered);
    if (todo.length === 0 && resolves.length === 0) return;
    for (let i = 0; i < todo.length; i += 10) await Promise.all(todo.slice(i, i + 10).map(sendStart));
    await Promise.all(resolves.map(([id, r]) => sendResolve(id, { decision: r.decision, ...(r.decision === "edit" ? { output: { reply: "Edited by the soak: sorry for the double charge.", confidence: 0.9 } } : {}) })));
  }
  throw new Error("requests stayed unanswered after 5 passes");
}

// ---- main ----------------------------------------------------------------------------------
let db: DbHandle | undefined;
const snapshots: CompletedSnapshot[] = [];
const t0 = Date.now();
try {
  await migrate(databaseUrl, { log: () => {} });
  db = await openDatabase(databaseUrl);
  await startHost();
  for (let round = 0; round < ROUNDS; round++) {
    const burst: StartReq[] = Array.from({ length: PER_ROUND }, (_, i) => ({ key: `soak-${round}-${i}`, kind: KINDS[(i + round) % 3]!, runIds: new Set(), answered: false, sends: 0 }));
    starts.push(...burst);
    const killAt = 500 + Math.random() * 4000;
    let killed = false;
    const killer = sleep(killAt).then(async () => {
      killed = true;
      await killHost();
      counts.kills++;
    });
    // Starts in small concurrent waves, resolves in between, until the kill lands.
    const work = (async () => {
      for (let i = 0; i < burst.length && !killed; i += 8) {
        await Promise.all([...burst.slice(i, i + 8).map(sendStart), resolvePass()]);
      }
      while (!killed) {
        await resolvePass();
        await sleep(150);
      }
    })();
    await killer;
    await work;
    // The host is dead: what is completed now must never run again.
    const snap = await snapshotCompleted(db.db);
    snapshots.push(snap);
    counts.snapshotsCompletedSteps += snap.size;
    await startHost();
    await resendUnanswered();
    // Starts the kill cut off before they were sent at all.
    const unsent = burst.filter((s) => s.sends === 0);
    for (let i = 0; i < unsent.length; i += 10) await Promise.all(unsent.slice(i, i + 10).map(sendStart));
    console.error(`round ${round + 1}/${ROUNDS}: killed at ${Math.round(killAt)} ms, ${snap.size} completed steps snapshotted`);
  }
  // Quiescence: resolve what is open until every run is terminal (bounded).
  const deadline = Date.now() + QUIESCE_MS;
  for (;;) {
    await resendUnanswered();
    await resolvePass();
    const live = await db.db.run.count({ where: { status: { in: ["queued", "running", "waiting"] } } });
    const open = await db.db.escalation.count({ where: { status: "open" } });
    if (live === 0 && open === 0) break;
    if (Date.now() > deadline) {
      console.error(`quiescence not reached: ${live} runs live, ${open} escalations open`);
      break;
    }
    await sleep(500);
  }
  const result = await checkInvariants(db.db, { starts, sentDecisions, snapshots });
  console.log(JSON.stringify({ provider, rounds: ROUNDS, runsPerRound: PER_ROUND, seconds: Math.round((Date.now() - t0) / 1000), ...counts, ...result }, null, 1));
  if (result.violations.length > 0) process.exitCode = 1;
} finally {
  await killHost("SIGTERM").catch(() => {});
  await db?.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  if (provider === "postgres") {
    const c = new pg.Client({ connectionString: PG_BASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
}
