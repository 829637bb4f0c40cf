/**
 * The PostgreSQL fast path inlines values as literals: hostile strings (quotes, backslashes, `$$`,
 * NUL-free unicode, JSON with escapes) must round-trip exactly, a failing batch must leave nothing
 * behind, and the connection must stay usable afterwards. Real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, postgresStatus, type TestDatabase } from "@/server/testing/databases";
import { defineCoreSuite } from "@/engine/test/suites/core";
import { pgChannelsOf } from "@/server/db/client";
import { PrismaEngineStore } from "./prisma-engine-store";

const pg = await postgresStatus();
const skip = !pg.ok && process.env.CI !== "true";

(skip ? describe.skip : describe)(`engine store fast path [postgres]${!pg.ok ? ` — skipped: ${pg.reason}` : ""}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await db?.drop();
  });

  const nasty = `it's a \\ back'slash'' $$ dollar $tag$ "quoted" ; DROP TABLE engine_runs; -- é 漢字 🚀 \n\t end`;

  it("round-trips hostile strings exactly and is used for hot operations", async () => {
    expect(pgChannelsOf(db.handle.db)?.pipeline).toBeDefined();
    expect(new PrismaEngineStore(db.handle.db).pipelined).toBe(true);
    const store = new PrismaEngineStore(db.handle.db);
    const event = { name: nasty, data: { text: nasty, nested: { q: "\"'\\" } }, id: "ev-1", ts: 1 };
    await store.apply([
      { op: "putRun", run: { id: "run-1", functionId: "fn'1", status: "Running", event, events: [event], createdAt: 1_700_000_000_000, version: 1, forceStepPlan: false } },
      { op: "addSteps", steps: [{ runId: "run-1", seq: 0, stepId: nasty, memo: { data: nasty }, createdAt: 1_700_000_000_001 }] },
      { op: "putKey", key: { key: `event:${nasty}`, value: nasty, expiresAt: 1_800_000_000_000 } },
    ]);
    const run = await store.getRun("run-1");
    expect(run).toMatchObject({ functionId: "fn'1", event, events: [event], forceStepPlan: false });
    expect(await store.getSteps("run-1")).toEqual([{ runId: "run-1", seq: 0, stepId: nasty, memo: { data: nasty }, createdAt: 1_700_000_000_001 }]);
    expect(await store.loadKeys(0)).toEqual([{ key: `event:${nasty}`, value: nasty, expiresAt: 1_800_000_000_000 }]);
  });

  it("a failing batch writes nothing and leaves the pool usable", async () => {
    const store = new PrismaEngineStore(db.handle.db);
    const step = { runId: "run-1", seq: 1, stepId: "s1", memo: { data: 1 }, createdAt: 1 };
    // The second insert repeats the primary key (run_id, seq): the whole batch must roll back.
    await expect(store.apply([{ op: "addSteps", steps: [step] }, { op: "addSteps", steps: [step] }])).rejects.toThrow();
    expect((await store.getSteps("run-1")).map((s) => s.seq)).toEqual([0]);
    await store.apply([{ op: "addSteps", steps: [step] }]);
    expect((await store.getSteps("run-1")).map((s) => s.seq)).toEqual([0, 1]);
  });

  it("rejects a non-finite number instead of writing it", async () => {
    const store = new PrismaEngineStore(db.handle.db);
    await expect(store.apply([{ op: "putKey", key: { key: "k", value: "v", expiresAt: Number.NaN } }])).rejects.toThrow(/finite/);
  });

  // The Prisma path stays in use for the operations the fast path does not cover and when it is off.
  describe("conformance with the fast path off", () => {
    defineCoreSuite(async () => {
      const h = db.handle.db;
      await h.$transaction([h.engineStep.deleteMany(), h.engineQueueItem.deleteMany(), h.engineWaiter.deleteMany(), h.engineRun.deleteMany(), h.engineEvent.deleteMany(), h.engineKey.deleteMany(), h.engineCron.deleteMany(), h.engineFunction.deleteMany()]);
      return new PrismaEngineStore(h, { pipeline: null });
    });
  });
});
