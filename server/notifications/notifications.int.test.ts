/**
 * Escalation webhooks end to end over real HTTP on 127.0.0.1, on SQLite and PostgreSQL: the
 * notification is written with the escalation (same transaction), signed, retried with backoff,
 * picked up by a new dispatcher after a restart, sent once per event, and given up on visibly.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { describeEachDatabase } from "@/server/testing/databases";
import { createEscalation, markEscalationTimedOut, resolveEscalation, type EscalationRequestedData } from "@/server/escalations/escalations.service";
import { createWebhook, listDeliveries, listWebhooks, retryDelivery } from "./webhooks.service";
import { NotificationDispatcher, type NotifierOptions } from "./dispatcher";
import { verifySignature } from "./signature";
import { startReceiver } from "./testing-receiver";

const MASTER_KEY = "notify-test-master-key-0123456789abcdef";
const MIN = 60_000;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

async function seedRun(db: Db, slug: string, kinds: string[] = ["run"]): Promise<string> {
  const proc = await db.process.create({ data: { publicId: `proc_${slug}`, slug, name: slug, draft: {}, webhookToken: `wh_${slug}` } });
  const version = await db.processVersion.create({ data: { processId: proc.id, version: 1, graph: {}, plan: {}, planHash: "h", functionConfig: {} } });
  const runs = [];
  for (const kind of kinds)
    runs.push(await db.run.create({ data: { publicId: `run_${slug}_${kind}`, processId: proc.id, versionId: version.id, input: {}, status: "running", kind } }));
  return runs[0]!.id;
}

const request = (stepId: string, role: string, timeout: string): EscalationRequestedData => ({
  escalationId: `x:${stepId}`, runId: "x", nodeId: "review", stepId, role, reason: "Refund over the limit <check>", decisions: [{ id: "approve", type: "approve" }], timeout, context: {},
});

const logs: string[] = [];
const dispatcher = (db: Db, opts: Partial<NotifierOptions> = {}) =>
  new NotificationDispatcher(db, { masterKey: MASTER_KEY, baseUrl: "http://baton.test", baseDelayMs: 1, pollMs: 60_000, log: (m) => logs.push(m), ...opts });

const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as { text: string; blocks: unknown[]; baton: Record<string, unknown> });

/** Each test starts with no webhooks (the database is shared by the suite) and an empty receiver. */
async function fresh(db: Db): Promise<Db> {
  await db.notificationWebhook.deleteMany();
  receiver.received.length = 0;
  return db;
}

const sig = (r: Receiver["received"][number]) => r.headers["x-baton-signature"] as string;

describeEachDatabase("escalation webhooks", (get) => {
  it("opening an escalation sends a signed Slack-compatible notification to its role's and its process's webhooks, not to others", async () => {
    const db = await fresh(get().handle.db);
    const runId = await seedRun(db, "refunds");
    const byRole = await createWebhook(db, { name: "Reviewers", url: `${receiver.url}?to=role`, scope: "role", target: "reviewer" }, { masterKey: MASTER_KEY });
    const byProcess = await createWebhook(db, { name: "Refunds", url: `${receiver.url}?to=process`, scope: "process", target: "refunds", events: ["escalation.opened"] }, { masterKey: MASTER_KEY });
    await createWebhook(db, { name: "Operators", url: `${receiver.url}?to=operator`, scope: "role", target: "operator" }, { masterKey: MASTER_KEY });
    expect(byRole.secret).toMatch(/^whsec_/);
    const stored = await db.notificationWebhook.findFirstOrThrow({ where: { publicId: byRole.webhook.id } });
    expect(stored.secretEncrypted).not.toContain(byRole.secret);

    const { id } = await createEscalation(db, { runDbId: runId, data: request("review", "reviewer", "1h") });
    // Written in the escalation's transaction: opened for both, and the role webhook's near-SLA notice, due later.
    expect(await db.notificationDelivery.count({ where: { status: "pending" } })).toBe(3);
    await dispatcher(db).drain();

    expect(receiver.received.map((r) => r.path).sort()).toEqual(["/hook?to=process", "/hook?to=role"]);
    const toRole = receiver.received.find((r) => r.path === "/hook?to=role")!;
    const toProcess = receiver.received.find((r) => r.path === "/hook?to=process")!;
    expect(verifySignature(byRole.secret, toRole.body, sig(toRole))).toBe(true);
    expect(verifySignature(byProcess.secret, toProcess.body, sig(toProcess))).toBe(true);
    // Another webhook's secret, or a changed body, does not verify.
    expect(verifySignature(byProcess.secret, toRole.body, sig(toRole))).toBe(false);
    expect(verifySignature(byRole.secret, toRole.body.replace("reviewer", "admin"), sig(toRole))).toBe(false);
    expect(toRole.headers["x-baton-event"]).toBe("escalation.opened");
    const body = JSON.parse(toRole.body) as { text: string; blocks: unknown[]; baton: Record<string, unknown> };
    expect(body.text).toContain("Escalation opened: refunds · review needs the reviewer role");
    expect(body.blocks.length).toBe(3);
    expect(JSON.stringify(body.blocks)).toContain("&lt;check&gt;");
    expect(body.baton).toMatchObject({ event: "escalation.opened", escalationId: id, process: "refunds", step: "review", role: "reviewer", link: `http://baton.test/inbox/${id}` });
    expect(body.baton.dueAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(logs.join("\n")).not.toContain("whsec_");
  });

  it("escalations of test and dataset runs notify nobody, opened or breached; the same process's production run does", async () => {
    const db = await fresh(get().handle.db);
    await seedRun(db, "quiet", ["run", "test", "dataset"]);
    const runOf = async (kind: string) => (await db.run.findFirstOrThrow({ where: { publicId: `run_quiet_${kind}` } })).id;
    await createWebhook(db, { name: "Reviewers", url: receiver.url, scope: "role", target: "reviewer", events: ["escalation.opened", "escalation.breached"] }, { masterKey: MASTER_KEY });
    await createWebhook(db, { name: "Quiet", url: receiver.url, scope: "process", target: "quiet", events: ["escalation.opened"] }, { masterKey: MASTER_KEY });
    for (const kind of ["test", "dataset"]) {
      const runDbId = await runOf(kind);
      await createEscalation(db, { runDbId, data: request(`review-${kind}`, "reviewer", "1m") });
      await markEscalationTimedOut(db, { runDbId, stepId: `review-${kind}` });
    }
    expect(await db.notificationDelivery.count()).toBe(0);
    expect(await db.escalation.count({ where: { run: { publicId: { in: ["run_quiet_test", "run_quiet_dataset"] } } } })).toBe(2);

    const { id } = await createEscalation(db, { runDbId: await runOf("run"), data: request("review-run", "reviewer", "1h") });
    await dispatcher(db).drain();
    expect(receiver.received.map((r) => r.headers["x-baton-event"])).toEqual(["escalation.opened", "escalation.opened"]);
    expect(bodies().map((b) => b.baton.escalationId)).toEqual([id, id]);
  });

  it("a receiver answering 500 gets the same signed body again with backoff until it answers 2xx", async () => {
    const db = await fresh(get().handle.db);
    const runId = await seedRun(db, "retry");
    const hook = await createWebhook(db, { name: "Flaky", url: receiver.url, scope: "process", target: "retry", events: ["escalation.opened"] }, { masterKey: MASTER_KEY });
    receiver.answer(500, 500);
    await createEscalation(db, { runDbId: runId, data: request("review", "reviewer", "1h") });
    const d = dispatcher(db, { baseDelayMs: 20 });
    for (let i = 0; i < 50 && (await listDeliveries(db, { id: hook.webhook.id }))[0]?.status !== "delivered"; i++) {
      await d.drain();
      await new Promise((r) => setTimeout(r, 25));
    }
    const [delivery] = await listDeliveries(db, { id: hook.webhook.id });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lastError: null });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers["x-baton-delivery"]))).toEqual(new Set([delivery!.id]));
    for (const r of receiver.received) expect(verifySignature(hook.secret, r.body, sig(r))).toBe(true);
  });

  it("a delivery left pending by a stopped process is sent by the next one's start", async () => {
    const db = await fresh(get().handle.db);
    const runId = await seedRun(db, "restart");
    const hook = await createWebhook(db, { name: "Restart", url: receiver.url, scope: "process", target: "restart", events: ["escalation.opened"] }, { masterKey: MASTER_KEY });
    receiver.answer(503);
    await createEscalation(db, { runDbId: runId, data: request("review", "reviewer", "1h") });
    const before = dispatcher(db, { baseDelayMs: 60_000 });
    await before.drain();
    before.stop();
    expect((await listDeliveries(db, { id: hook.webhook.id }))[0]).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });

    // The next process: its start drains what is due (the retry time is moved to now, as if the backoff had passed).
    await db.notificationDelivery.updateMany({ where: { status: "pending" }, data: { nextAttemptAt: new Date() } });
    const after = dispatcher(db);
    await after.start();
    after.stop();
    expect((await listDeliveries(db, { id: hook.webhook.id }))[0]).toMatchObject({ status: "delivered", attempts: 2 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
  });

  it("near-SLA and breach notices are sent once each; a near-SLA notice for a decided escalation is not sent", async () => {
    const db = await fresh(get().handle.db);
    const runId = await seedRun(db, "sla");
    const hook = await createWebhook(db, { name: "SLA", url: receiver.url, scope: "process", target: "sla", nearSlaPercent: 80 }, { masterKey: MASTER_KEY });
    // Opened 10 minutes ago with an 11-minute SLA: 80% (8.8 minutes) has passed.
    const opened = new Date(Date.now() - 10 * MIN);
    await createEscalation(db, { runDbId: runId, data: request("late", "reviewer", "11m"), now: opened });
    // Opened now with an hour: its near-SLA notice waits 48 minutes.
    const { id: decidedId } = await createEscalation(db, { runDbId: runId, data: request("decided", "reviewer", "1h") });
    const d = dispatcher(db);
    await d.drain();
    await d.drain();
    expect(bodies().map((b) => `${b.baton.event} ${b.baton.step}`).sort()).toEqual(["escalation.near_sla review", "escalation.opened review", "escalation.opened review"]);
    const nearSla = bodies().find((b) => b.baton.event === "escalation.near_sla")!;
    expect(nearSla.text).toContain("Escalation nearing its SLA");

    await markEscalationTimedOut(db, { runDbId: runId, stepId: "late" });
    await markEscalationTimedOut(db, { runDbId: runId, stepId: "late" });
    await d.drain();
    await d.drain();
    expect(bodies().filter((b) => b.baton.event === "escalation.breached")).toHaveLength(1);
    expect(bodies().find((b) => b.baton.event === "escalation.breached")!.baton.status).toBe("timed_out");

    await resolveEscalation(db, { id: decidedId, decision: "approve", actor: { role: "reviewer", label: "ana@example.com" } }, { events: { send: async () => {} } });
    // Time passes to its threshold.
    await db.notificationDelivery.updateMany({ where: { event: "escalation.near_sla", status: "pending" }, data: { nextAttemptAt: new Date() } });
    await d.drain();
    expect(receiver.received).toHaveLength(4);
    const log = await listDeliveries(db, { id: hook.webhook.id });
    expect(log.find((l) => l.escalationId === decidedId && l.event === "escalation.near_sla")).toMatchObject({ status: "skipped", attempts: 0 });
    expect(log.filter((l) => l.status === "delivered")).toHaveLength(4);
  });

  it("after the attempt bound a delivery is marked failed, counted on its webhook, and can be retried", async () => {
    const db = await fresh(get().handle.db);
    const runId = await seedRun(db, "down");
    const hook = await createWebhook(db, { name: "Down", url: receiver.url, scope: "process", target: "down", events: ["escalation.opened"] }, { masterKey: MASTER_KEY });
    receiver.answer(500, 500, 500);
    await createEscalation(db, { runDbId: runId, data: request("review", "reviewer", "1h") });
    const d = dispatcher(db, { maxAttempts: 3, baseDelayMs: 1 });
    for (let i = 0; i < 20 && (await listDeliveries(db, { id: hook.webhook.id }))[0]?.status === "pending"; i++) {
      await d.drain();
      await new Promise((r) => setTimeout(r, 5));
    }
    const [failed] = await listDeliveries(db, { id: hook.webhook.id });
    expect(failed).toMatchObject({ status: "failed", attempts: 3, lastStatus: 500, lastError: "The receiver answered HTTP 500." });
    expect((await listWebhooks(db)).find((w) => w.id === hook.webhook.id)!.failed).toBe(1);
    expect(logs.some((l) => l.includes('gave up on escalation.opened to webhook "Down" (127.0.0.1:'))).toBe(true);
    expect(logs.join("\n")).not.toContain(hook.secret);

    await retryDelivery(db, { id: hook.webhook.id, deliveryId: failed!.id });
    await d.drain();
    expect((await listDeliveries(db, { id: hook.webhook.id }))[0]).toMatchObject({ status: "delivered", attempts: 1 });
    await expect(retryDelivery(db, { id: hook.webhook.id, deliveryId: failed!.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
