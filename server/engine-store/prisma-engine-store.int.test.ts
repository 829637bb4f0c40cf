import { describeEachDatabase } from "@/server/testing/databases";
import type { Db } from "@/server/db/client";
import { defineCoreSuite } from "@/engine/test/suites/core";
import { defineFlowSuite } from "@/engine/test/suites/flow";
import { PrismaEngineStore } from "./prisma-engine-store";

/** Empties the engine tables so every conformance test starts from a clean engine. */
async function freshStore(db: Db): Promise<PrismaEngineStore> {
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
  return new PrismaEngineStore(db);
}

describeEachDatabase("engine conformance on the Prisma store", (get) => {
  defineCoreSuite(() => freshStore(get().handle.db));
  defineFlowSuite(() => freshStore(get().handle.db));
});
