import { beforeAll, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { describeEachDatabase } from "@/server/testing/databases";
import { humanProcess } from "@/server/runtime/testing/graphs";
import { createUser } from "@/server/auth/users.service";
import { createCaller } from "@/server/trpc/root";
import { importProcess, publishProcess } from "./processes.service";

/** The designer's sub-process version picker lists a child's published versions, newest first; never test versions. */
describeEachDatabase("processes.versions", (get) => {
  let reviewerId = "";
  beforeAll(async () => {
    reviewerId = (await createUser(get().handle.db, { email: "rev@example.com", name: "rev", role: "reviewer", password: "password-1" })).id;
  });
  const reviewer = () => createCaller({ db: get().handle.db, user: { id: reviewerId, email: "rev@example.com", name: "rev", role: "reviewer" }, trustedOrigin: true });

  it("lists published versions newest first with their publish dates, leaving test versions out", async () => {
    const db = get().handle.db;
    await importProcess(db, { graph: humanProcess("child") });
    expect(await reviewer().processes.versions({ slug: "child" })).toEqual([]);

    const first = await publishProcess(db, { slug: "child" });
    const g2 = humanProcess("child");
    g2.nodes = g2.nodes.map((n) => (n.kind === "llm" ? { ...n, prompt: `${n.prompt} (v2)` } : n));
    await importProcess(db, { graph: g2 });
    const second = await publishProcess(db, { slug: "child" });
    const row = await db.process.findFirstOrThrow({ where: { slug: "child" } });
    await db.processVersion.create({ data: { processId: row.id, version: -1, kind: "test", graph: {}, plan: {}, planHash: "t", functionConfig: {} } });

    const versions = await reviewer().processes.versions({ slug: "child" });
    expect(versions.map((v) => v.version)).toEqual([second.version.version, first.version.version]);
    expect(second.version.version).toBe(first.version.version + 1);
    expect(versions[0]).toMatchObject({ planHash: second.version.planHash, functionId: second.version.functionId });
    expect(versions[0]!.createdAt).toBeInstanceOf(Date);
  });

  it("refuses an unknown process with NOT_FOUND", async () => {
    const err = await reviewer()
      .processes.versions({ slug: "no-such-process" })
      .catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("NOT_FOUND");
  });
});
