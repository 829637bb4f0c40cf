import { describeEachDatabase } from "@/server/testing/databases";
import type { Db } from "@/server/db/client";
import { defineCoreSuite } from "@/engine/test/suites/core";
import { defineFidelitySuite } from "@/engine/test/suites/fidelity";
import { defineFlowSuite } from "@/engine/test/suites/flow";
import { defineHeldRunsSuite } from "@/engine/test/suites/held-runs";
import { defineLimitsSuite } from "@/engine/test/suites/limits";
import { defineGatewaySuite } from "@/engine/test/suites/gateway";
import { defineSignalSuite } from "@/engine/test/suites/signals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { migrate } from "@/scripts/db.mjs";
import { PrismaEngineStore, type SqliteConnection } from "./prisma-engine-store";
import { openSqliteWithConnection } from "./sqlite-connection";

/** Empties the engine tables so every conformance test starts from a clean engine. */
async function freshStore(db: Db, connection?: SqliteConnection): Promise<PrismaEngineStore> {
  await db.$transaction([
    db.engineStep.deleteMany(),
    db.engineQueueItem.deleteMany(),
    db.engineWaiter.deleteMany(),
    db.engineRun.deleteMany(),
    db.engineEvent.deleteMany(),
    db.engineKey.deleteMany(),
    db.engineCron.deleteMany(),
    db.engineFunction.deleteMany(),
  ]);
  return new PrismaEngineStore(db, { connection });
}

describeEachDatabase("engine conformance on the Prisma store", (get) => {
  defineCoreSuite(() => freshStore(get().handle.db));
  defineFlowSuite(() => freshStore(get().handle.db));
  defineLimitsSuite(() => freshStore(get().handle.db));
  defineFidelitySuite(() => freshStore(get().handle.db));
  defineHeldRunsSuite(() => freshStore(get().handle.db));
  defineSignalSuite(() => freshStore(get().handle.db));
  defineGatewaySuite(() => freshStore(get().handle.db));
});

// The SQLite fast path (hot writes as prepared statements on the adapter's own connection).
describe("engine conformance on the Prisma store [sqlite, fast path]", () => {
  let dir = "";
  let h: Awaited<ReturnType<typeof openSqliteWithConnection>> | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "baton-test-"));
    const url = `file:${join(dir, "baton.db")}`;
    await migrate(url, { log: () => {} });
    h = await openSqliteWithConnection(url);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  defineCoreSuite(() => freshStore(h!.db, h!.connection));
  defineFlowSuite(() => freshStore(h!.db, h!.connection));
  defineLimitsSuite(() => freshStore(h!.db, h!.connection));
  defineFidelitySuite(() => freshStore(h!.db, h!.connection));
  defineHeldRunsSuite(() => freshStore(h!.db, h!.connection));
  defineSignalSuite(() => freshStore(h!.db, h!.connection));
  defineGatewaySuite(() => freshStore(h!.db, h!.connection));
});
