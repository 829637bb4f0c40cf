import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EngineStore, StoreOp } from "@/engine/store/types";
import { startHarness, waitFor, type Harness } from "@/engine/test/harness";
import { migrate } from "@/scripts/db.mjs";
import { describeEachDatabase } from "@/server/testing/databases";
import type { Db } from "@/server/db/client";
import { PrismaEngineStore, type SqliteConnection } from "./prisma-engine-store";
import { openSqliteWithConnection } from "./sqlite-connection";

/** The store, counting the writes (group commits) that carry checkpointed steps. */
function counting(base: EngineStore): { store: EngineStore; stepWrites: () => number; steps: () => number } {
  let stepWrites = 0;
  let steps = 0;
  const store = Object.assign(Object.create(base) as EngineStore, {
    async apply(ops: StoreOp[]) {
      const n = ops.reduce((k, o) => k + (o.op === "addSteps" ? o.steps.length : 0), 0);
      if (n > 0) (stepWrites++, (steps += n));
      await base.apply(ops);
    },
  });
  return { store, stepWrites: () => stepWrites, steps: () => steps };
}

/**
 * Concurrent runs share transactions (engine-kernel.ts `pumpWrites`): on SQLite, whose fast path answers
 * synchronously, every checkpoint used to be its own transaction. Each run's steps must still all be durable, in
 * order, exactly once. `shared`: assert the sharing too (stores that are not pipelined; PostgreSQL's pipelined
 * store overlaps batches instead of waiting, and at 20 runs most of its batches carry one checkpoint).
 */
function defineGroupCommit(makeStore: () => Promise<EngineStore>, shared: () => boolean) {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("commits the checkpoints of concurrent runs together, every step durable once and in order", async () => {
    const c = counting(await makeStore());
    h = await startHarness(
      (client) => [
        client.createFunction({ id: "gc", triggers: [{ event: "t/gc" }] }, async ({ step }) => {
          let acc = 0;
          for (let i = 0; i < 5; i++) acc += await step.run(`s${i}`, () => i);
          return acc;
        }),
      ],
      { store: c.store },
    );
    const ids = await h.engine.send(Array.from({ length: 20 }, (_, i) => ({ name: "t/gc", data: { i } })));
    expect(ids).toHaveLength(20);
    const runs = await waitFor(async () => {
      const all = await h!.engine.listRuns({ functionId: "conf-gc", limit: 100 });
      return all.length === 20 && all.every((r) => r.status !== "Running") ? all : undefined;
    }, 120_000);
    for (const r of runs) {
      expect(r.status).toBe("Completed");
      expect(r.output).toBe(10);
      // Read back from the database, not the engine's cache.
      const steps = await h.store.getSteps(r.id);
      expect(steps.map((s) => [s.seq, s.memo])).toEqual([0, 1, 2, 3, 4].map((i) => [i, { data: i }]));
    }
    expect(c.steps()).toBe(100);
    // One transaction per checkpoint would be 100; concurrent runs progressing in the same turn share one.
    if (shared()) expect(c.stepWrites()).toBeLessThan(50);
  }, 240_000);
}

async function freshStore(db: Db, connection?: SqliteConnection): Promise<PrismaEngineStore> {
  await db.$transaction([db.engineStep.deleteMany(), db.engineQueueItem.deleteMany(), db.engineRun.deleteMany(), db.engineEvent.deleteMany(), db.engineFunction.deleteMany()]);
  return new PrismaEngineStore(db, { connection });
}

describe("group commit on the Prisma store [sqlite, fast path]", () => {
  let dir = "";
  let handle: Awaited<ReturnType<typeof openSqliteWithConnection>> | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "baton-test-"));
    const url = `file:${join(dir, "baton.db")}`;
    await migrate(url, { log: () => {} });
    handle = await openSqliteWithConnection(url);
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  defineGroupCommit(() => freshStore(handle!.db, handle!.connection), () => true);
});

describeEachDatabase("group commit on the Prisma store", (get) => {
  defineGroupCommit(() => freshStore(get().handle.db), () => get().provider === "sqlite");
});
