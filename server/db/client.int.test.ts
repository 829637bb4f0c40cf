import { expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { checkDatabase } from "@/server/db/client";
import { migrate } from "@/scripts/db.mjs";

describeEachDatabase("database layer", (get) => {
  it("applies every migration once and reports health", async () => {
    const db = get();
    // Migrating again is a no-op: nothing new is applied.
    expect(await migrate(db.url, { log: () => {} })).toEqual([]);
    const health = await checkDatabase(db.handle);
    expect(health).toMatchObject({ ok: true, provider: db.provider });
  });

  it("round-trips rows with timestamps and enforces primary keys", async () => {
    const { db } = get().handle;
    const before = Date.now();
    await db.systemSetting.create({ data: { key: "k1", value: "v1" } });
    const row = await db.systemSetting.findUniqueOrThrow({ where: { key: "k1" } });
    expect(row.value).toBe("v1");
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    await expect(db.systemSetting.create({ data: { key: "k1", value: "dup" } })).rejects.toMatchObject({
      code: "P2002",
    });
    // The failed insert lost nothing already saved.
    expect((await db.systemSetting.findUniqueOrThrow({ where: { key: "k1" } })).value).toBe("v1");
  });

  it("rolls back a failed transaction as a whole", async () => {
    const { db } = get().handle;
    await expect(
      db.$transaction(async (tx) => {
        await tx.systemSetting.create({ data: { key: "tx1", value: "a" } });
        await tx.systemSetting.create({ data: { key: "tx1", value: "b" } });
      }),
    ).rejects.toBeTruthy();
    expect(await db.systemSetting.findUnique({ where: { key: "tx1" } })).toBeNull();
  });
});
