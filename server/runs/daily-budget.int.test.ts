/**
 * The daily budget is enforced when a run starts: refused (429, tRPC TOO_MANY_REQUESTS) once the
 * production runs created today have cost the cap, allowed under it; test and dataset runs and
 * yesterday's runs do not count, and a refused start creates nothing.
 */
import { beforeAll, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { createUser } from "@/server/auth/users.service";
import { getProcessBudgets } from "@/server/analytics/budgets.presenter";
import { buildOpenApiDocument } from "@/server/rest/openapi";
import { handleRestRequest } from "@/server/rest/rest-handler";
import type { RestDeps } from "@/server/rest/rest-routes";
import { publishGraph, twoStepGraph } from "@/server/runtime/testing/graphs";
import type { OutgoingEvent } from "@/server/runtime/events";
import { describeEachDatabase } from "@/server/testing/databases";
import { createCaller } from "@/server/trpc/root";
import { publicId } from "@/server/runtime/ids";
import { startRun, type RunDeps } from "./runs.service";

const CAP = 0.05;
// Pinned clock: midday UTC, so "today" cannot roll over while the test runs.
const NOW = new Date("2026-03-10T12:00:00.000Z");

describeEachDatabase("daily budget at run start", (get) => {
  const sent: OutgoingEvent[] = [];
  const deps: RestDeps & RunDeps = {
    db: undefined as never,
    events: { send: async (e) => void sent.push(...(Array.isArray(e) ? e : [e])) },
    now: () => NOW.getTime(),
  };
  let key = "";
  let userId = "";
  let processId = "";
  let versionId = "";
  beforeAll(async () => {
    const db = get().handle.db;
    deps.db = db;
    await publishGraph(db, twoStepGraph("capped", { dailyBudgetUsd: CAP }));
    await publishGraph(db, twoStepGraph("uncapped"));
    const v = await db.processVersion.findFirstOrThrow({ where: { process: { slug: "capped" }, kind: "published" } });
    processId = v.processId;
    versionId = v.id;
    key = (await createApiKey(db, { name: "ops", role: "operator", createdById: null })).key;
    userId = (await createUser(db, { email: "op@example.com", name: "op", role: "operator", password: "password-1" })).id;
  });

  const insertRun = (costUsd: number, createdAt: Date, kind = "run") =>
    get().handle.db.run.create({ data: { publicId: publicId("run"), processId, versionId, input: { q: "x" }, kind, status: "completed", costUsd, createdAt } });
  const post = (slug: string) =>
    handleRestRequest(
      new Request(`http://baton.test/api/v1/processes/${slug}/runs`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ input: { q: "hello" } }) }),
      deps,
    );
  const caller = () => createCaller({ db: get().handle.db, user: { id: userId, email: "op@example.com", name: "op", role: "operator" }, trustedOrigin: true });
  const runCount = () => get().handle.db.run.count({ where: { processId } });

  it("allows starts under the cap; test, dataset and yesterday's runs do not count", async () => {
    const midnight = new Date("2026-03-10T00:00:00.000Z");
    await insertRun(0.02, new Date(midnight.getTime() + 60_000));
    await insertRun(1, new Date(midnight.getTime() - 60_000)); // yesterday
    await insertRun(1, new Date(NOW.getTime() - 60_000), "test");
    await insertRun(1, new Date(NOW.getTime() - 60_000), "dataset");
    const res = await post("capped");
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    expect(sent.map((e) => e.data.runId)).toContain(runId);
    const b = await getProcessBudgets(get().handle.db, { slug: "capped" }, NOW);
    expect(b.daily).toEqual({ capUsd: CAP });
    expect(b.today.spendUsd).toBeCloseTo(0.02, 10);
  });

  it("refuses a start once today's production runs reached the cap, with a specific error, creating nothing", async () => {
    await insertRun(CAP - 0.02, new Date(NOW.getTime() - 30_000)); // today: 0.02 + 0.03 = the cap exactly
    const before = await runCount();
    const sentBefore = sent.length;

    const res = await post("capped");
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toContain("daily budget");
    expect(body.error.details).toMatchObject({ reason: "daily-budget-reached", dailyBudgetUsd: CAP, resetsAt: "2026-03-11T00:00:00.000Z" });
    expect(body.error.details.spentTodayUsd as number).toBeCloseTo(CAP, 10);

    await expect(startRun(get().handle.db, { slug: "capped", input: { q: "again" }, trigger: "ui" }, deps)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await runCount()).toBe(before);
    expect(sent.length).toBe(sentBefore);
    // Another process without a daily budget is not affected.
    expect((await post("uncapped")).status).toBe(202);
    // The API document says so.
    const op = (buildOpenApiDocument().paths as Record<string, { post?: { responses: Record<string, { description: string }> } }>)["/api/v1/processes/{slug}/runs"]!.post!;
    expect(op.responses["429"]!.description).toContain("daily budget");
  });

  it("the UI's start (tRPC runs.create, real clock) gets TOO_MANY_REQUESTS with the same message", async () => {
    const db = get().handle.db;
    await publishGraph(db, twoStepGraph("capped-live", { dailyBudgetUsd: CAP }));
    const v = await db.processVersion.findFirstOrThrow({ where: { process: { slug: "capped-live" }, kind: "published" } });
    await db.run.create({ data: { publicId: publicId("run"), processId: v.processId, versionId: v.id, input: { q: "x" }, status: "completed", costUsd: CAP * 2, createdAt: new Date() } });
    const err = await caller()
      .runs.create({ slug: "capped-live", input: { q: "ui" } })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((err as TRPCError).message).toMatch(/"capped-live" has reached its daily budget: its runs today cost \$0\.1 of \$0\.05/);
    expect(await db.run.count({ where: { processId: v.processId } })).toBe(1);
  });

  it("the analytics budgets card reads the cap and today's spend against it", async () => {
    const b = await getProcessBudgets(get().handle.db, { slug: "capped" }, NOW);
    expect(b.daily).toEqual({ capUsd: CAP });
    expect(b.today.spendUsd).toBeGreaterThanOrEqual(CAP);
    expect((await getProcessBudgets(get().handle.db, { slug: "uncapped" }, NOW)).daily).toBeNull();
  });
});
