import { beforeAll, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createUser } from "@/server/auth/users.service";
import { insertFixture, type Fixture } from "@/server/analytics/testing/fixture";
import { describeEachDatabase } from "@/server/testing/databases";
import { createCaller } from "../root";

describeEachDatabase("tRPC analytics", (get) => {
  let fx: Fixture;
  let userId = "";
  beforeAll(async () => {
    fx = await insertFixture(get().handle.db, "gamma");
    userId = (await createUser(get().handle.db, { email: "rev@example.com", name: "rev", role: "reviewer", password: "password-1" })).id;
  });
  const caller = (signedIn = true) =>
    createCaller({ db: get().handle.db, user: signedIn ? { id: userId, email: "rev@example.com", name: "rev", role: "reviewer" } : null, trustedOrigin: true });
  const window = () => ({ range: "custom" as const, from: new Date(fx.now.getTime() - 30 * 864e5), to: fx.now });

  it("needs a session", async () => {
    await expect(caller(false).analytics.process({ slug: "gamma", ...window() })).rejects.toBeInstanceOf(TRPCError);
  });

  it("serves process and node figures, and the node table as CSV", async () => {
    const p = await caller().analytics.process({ slug: "gamma", ...window() });
    expect(p.figures.runs).toBe(fx.runs.filter((r) => r.processId === fx.processId && r.createdAt < fx.now).length);
    const n = await caller().analytics.nodes({ slug: "gamma", ...window(), version: 1 });
    expect(n.scope.version).toBe(1);
    expect(n.nodes.length).toBeGreaterThan(0);
    const csv = await caller().analytics.nodesCsv({ slug: "gamma", ...window(), version: 1 });
    expect(csv.filename).toBe("gamma-v1-nodes.csv");
    expect(csv.csv.trimEnd().split("\r\n")).toHaveLength(n.nodes.length + 1);
  });

  it("rejects a custom range without an end, naming the field", async () => {
    await expect(caller().analytics.nodes({ slug: "gamma", range: "custom", from: new Date() })).rejects.toThrow(/end date/);
  });
});
