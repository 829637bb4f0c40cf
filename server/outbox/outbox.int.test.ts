/**
 * The outbox on real SQLite and PostgreSQL with the real engine and SDK: a state change made while
 * the engine cannot be reached is kept (not failed, not lost) and delivered once it can, with the
 * event's deterministic id, so delivering a row twice still starts one run.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Inngest } from "inngest";
import { cancelRun, getRun, startRun } from "@/server/runs/runs.service";
import { listEscalations, resolveEscalation } from "@/server/escalations/escalations.service";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { humanProcess, publishGraph, twoStepGraph } from "@/server/runtime/testing/graphs";
import { OutboxDispatcher } from "./outbox";

describeEachDatabase("outbox", (get) => {
  let h: RuntimeHarness;
  // The engine is down: nothing listens on its port any more, every send is refused.
  let down: Inngest.Any;
  const settle = (runId: string) =>
    waitFor(async () => {
      const run = await getRun(h.db, { runId });
      return ["completed", "failed", "cancelled"].includes(run.status) ? run : undefined;
    }, `run ${runId} to finish`);

  beforeAll(async () => {
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, "127.0.0.1", () => r()));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((r) => gone.close(r));
    down = new Inngest({ id: "baton", isDev: false, baseUrl: `http://127.0.0.1:${port}`, eventKey: "k", logger: { info() {}, warn() {}, error() {}, debug() {} } }) as unknown as Inngest.Any;
    h = await startRuntimeHarness({ database: get(), seed: false });
    await publishGraph(h.db, twoStepGraph("ob-two"));
    await publishGraph(h.db, humanProcess("ob-human"));
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("a run started while the engine is unreachable stays queued (same run for its key) and starts once the outbox delivers it", async () => {
    const first = await startRun(h.db, { slug: "ob-two", input: { q: "x" }, idempotencyKey: "ob-1", trigger: "api" }, { events: down });
    expect(first).toMatchObject({ status: "queued", created: true });
    const row = await h.db.outboxEvent.findUniqueOrThrow({ where: { eventId: `run-${first.runId}` } });
    expect(row).toMatchObject({ name: "baton/run.requested", deliveredAt: null, attempts: 1 });
    expect(row.lastError).toBeTruthy();

    // The client's retry gets the same run, still queued: never a failed or a second one.
    const retry = await startRun(h.db, { slug: "ob-two", input: { q: "x" }, idempotencyKey: "ob-1", trigger: "api" }, { events: down });
    expect(retry).toMatchObject({ runId: first.runId, status: "queued", created: false });

    // The engine is reachable again (what a restart or the retry timer does): the run starts and completes.
    const dispatcher = new OutboxDispatcher(h.db, h.client);
    await dispatcher.start();
    dispatcher.stop();
    expect((await settle(first.runId)).status).toBe("completed");
    expect((await h.db.outboxEvent.findUniqueOrThrow({ where: { id: row.id } })).deliveredAt).toBeInstanceOf(Date);

    // Delivering the same row again (a crash between the send and marking it delivered) starts nothing new.
    const engineRuns = await h.db.engineRun.count();
    await h.db.outboxEvent.update({ where: { id: row.id }, data: { deliveredAt: null } });
    await new OutboxDispatcher(h.db, h.client).drain({ all: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.db.engineRun.count()).toBe(engineRuns);
    expect((await h.db.run.count({ where: { process: { slug: "ob-two" } } }))).toBe(1);
  }, 60_000);

  it("retries on its own with backoff until the engine accepts the event", async () => {
    // The engine refuses the first delivery (as during a restart), then accepts: nobody drains by hand.
    let refused = 0;
    const flaky = {
      send: (e: Parameters<typeof h.client.send>[0]) => (refused++ === 0 ? Promise.reject(new Error("engine restarting")) : h.client.send(e)),
    };
    const { runId } = await startRun(h.db, { slug: "ob-two", input: { q: "later" }, trigger: "api" }, { events: flaky });
    const row = await h.db.outboxEvent.findUniqueOrThrow({ where: { eventId: `run-${runId}` } });
    expect(row).toMatchObject({ attempts: 1, deliveredAt: null, lastError: "engine restarting" });
    expect((await settle(runId)).status).toBe("completed");
    expect(await h.db.outboxEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ attempts: 2, lastError: null });
  }, 60_000);

  it("a decision recorded while the engine is unreachable is the branch the run takes once delivered", async () => {
    const { runId } = await startRun(h.db, { slug: "ob-human", input: { q: "refund?" }, trigger: "api" }, h.deps);
    const esc = await waitFor(async () => (await listEscalations(h.db, { status: "open", runId }))[0], "the escalation");
    const resolved = await resolveEscalation(h.db, { id: esc.id, decision: "reject", actor: { role: "reviewer", label: "rita@example.com" } }, { events: down });
    expect(resolved).toMatchObject({ status: "resolved", decision: "reject" });
    expect(await h.db.outboxEvent.count({ where: { eventId: `resolve-${esc.id}`, deliveredAt: null } })).toBe(1);

    await new OutboxDispatcher(h.db, h.client).drain({ all: true });
    const run = await settle(runId);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ status: "rejected" });
  }, 60_000);

  it("a cancel recorded while the engine is unreachable still cancels the engine's run", async () => {
    const { runId } = await startRun(h.db, { slug: "ob-human", input: { q: "stop?" }, trigger: "api" }, h.deps);
    await waitFor(async () => (await listEscalations(h.db, { status: "open", runId }))[0], "the escalation");
    expect((await cancelRun(h.db, { runId }, { events: down })).status).toBe("cancelled");
    const row = await h.db.run.findUniqueOrThrow({ where: { publicId: runId } });
    expect(row.engineRunId).toBeTruthy();
    await new OutboxDispatcher(h.db, h.client).drain({ all: true });
    await waitFor(async () => (await h.engine.engine.getRun(row.engineRunId!))?.status === "Cancelled", "the engine run to be cancelled");
  }, 60_000);
});
