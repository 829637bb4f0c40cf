import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/server/db/generated/sqlite/index.js";
import { createTestDatabase, type TestDatabase } from "@/server/testing/databases";
import { sqliteReader } from "./sqlite-reader";
import { rows } from "./sql";

describe("SQLite analytics reads on a worker thread", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
  });
  afterAll(async () => {
    await t.drop();
  });

  it("answers from its own connection, sees what the main connection just committed, and refuses writes", async () => {
    const reader = await sqliteReader(t.handle.db);
    expect(reader).not.toBeNull();
    await t.handle.db.process.create({ data: { publicId: "proc_w", slug: "w", name: "W", draft: {}, webhookToken: "wh_w" } });
    const [{ n }] = (await reader!.query("SELECT COUNT(*) AS n FROM process WHERE slug = ?", ["w"])) as [{ n: number }];
    expect(n).toBe(1);
    // Dates compare as the adapter stores them, so range filters behave as on the main connection.
    const created = await rows(t.handle.db, Prisma.sql`SELECT COUNT(*) AS n FROM process WHERE created_at >= ${new Date(Date.now() - 60_000)} AND created_at < ${new Date(Date.now() + 60_000)}`);
    expect(Number(created[0]!.n)).toBe(1);
    await expect(reader!.query("DELETE FROM process", [])).rejects.toThrow(/only queries that return rows/);
    await expect(reader!.query("SELECT * FROM process; DELETE FROM process", [])).rejects.toThrow();
    expect((await reader!.query("SELECT COUNT(*) AS n FROM process", []))[0]).toEqual({ n: 1 });
  });
});
