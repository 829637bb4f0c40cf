import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { humanProcess, publishGraph } from "@/server/runtime/testing/graphs";
import { getRun, startRun } from "./runs.service";
import { bulkRunAction, countBulkTargets } from "./runs-bulk";
import { bulkRunsInput } from "./runs-bulk.schema";

/** Bulk cancel / rerun through the real engine: every run goes through the single-run services. */
describeEachDatabase("bulk run actions", (get) => {
  let h: RuntimeHarness;
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
    for (const slug of ["bulk-a", "bulk-b"]) await publishGraph(h.db, humanProcess(slug));
    await h.resync();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const start = async (slug: string) => {
    const { runId } = await startRun(h.db, { slug, input: { q: slug }, trigger: "api" }, { events: h.client });
    await waitFor(async () => (await getRun(h.db, { runId })).status === "waiting", `${runId} waiting`);
    return runId;
  };

  it("cancels the selected runs, leaving the others waiting; a second cancel is skipped with the reason", async () => {
    const [a1, a2, a3] = [await start("bulk-a"), await start("bulk-a"), await start("bulk-a")];
    const res = await bulkRunAction(h.db, { action: "cancel", runIds: [a1!, a2!] }, { events: h.client });
    expect(res.done.map((d) => d.runId).sort()).toEqual([a1, a2].sort());
    expect(res.skipped).toEqual([]);
    for (const id of [a1!, a2!]) {
      const run = await getRun(h.db, { runId: id });
      expect(run.status).toBe("cancelled");
      expect(run.escalations.every((e) => e.status !== "open")).toBe(true);
    }
    expect((await getRun(h.db, { runId: a3! })).status).toBe("waiting");
    const again = await bulkRunAction(h.db, { action: "cancel", runIds: [a1!] }, { events: h.client });
    expect(again.done).toEqual([]);
    expect(again.skipped).toEqual([{ runId: a1, reason: expect.stringMatching(/already cancelled/) }]);
    await bulkRunAction(h.db, { action: "cancel", runIds: [a3!] }, { events: h.client });
  });

  it("counts and cancels every run matching a filter, and only those", async () => {
    const b = [await start("bulk-b"), await start("bulk-b")];
    const other = await start("bulk-a");
    expect(await countBulkTargets(h.db, { action: "cancel", filter: { process: "bulk-b" } })).toEqual({ count: 2, capped: false, max: 200 });
    // Nothing of bulk-b has finished yet, so nothing to rerun.
    expect((await countBulkTargets(h.db, { action: "rerun", filter: { process: "bulk-b" } })).count).toBe(0);
    const res = await bulkRunAction(h.db, { action: "cancel", filter: { process: "bulk-b", status: "waiting" } }, { events: h.client });
    expect(res.done.map((d) => d.runId).sort()).toEqual([...b].sort());
    expect(res.remaining).toBe(false);
    expect((await getRun(h.db, { runId: other })).status).toBe("waiting");
    expect((await countBulkTargets(h.db, { action: "cancel", filter: { process: "bulk-b" } })).count).toBe(0);
    expect((await countBulkTargets(h.db, { action: "rerun", filter: { process: "bulk-b" } })).count).toBe(2);

    // Rerun every finished bulk-b run: new runs of the same version, from the first step.
    const rerun = await bulkRunAction(h.db, { action: "rerun", filter: { process: "bulk-b" } }, { events: h.client });
    expect(rerun.done).toHaveLength(2);
    for (const d of rerun.done) {
      const run = await waitFor(async () => {
        const r = await getRun(h.db, { runId: d.newRunId! });
        return r.status === "waiting" ? r : undefined;
      }, "rerun waiting");
      expect(run).toMatchObject({ process: "bulk-b", trigger: "rerun", rerunOf: d.runId });
    }
    await bulkRunAction(h.db, { action: "cancel", filter: {} }, { events: h.client });
    expect((await countBulkTargets(h.db, { action: "cancel", filter: {} })).count).toBe(0);
  });

  it("refuses a request with both or neither of runIds and filter, and more than 200 ids", () => {
    expect(bulkRunsInput.safeParse({ action: "cancel" }).success).toBe(false);
    expect(bulkRunsInput.safeParse({ action: "cancel", runIds: ["run_x"], filter: {} }).success).toBe(false);
    expect(bulkRunsInput.safeParse({ action: "cancel", runIds: Array.from({ length: 201 }, (_, i) => `run_${i}`) }).success).toBe(false);
    expect(bulkRunsInput.safeParse({ action: "rerun", filter: { process: "x" } }).success).toBe(true);
  });
});
