import { expect, it } from "vitest";
import { humanProcess } from "@/server/runtime/testing/graphs";
import { describeEachDatabase } from "@/server/testing/databases";
import { AppError } from "@/server/errors";
import { getProcess, getProcessVersion, importProcess, publishProcess, updateDraft } from "./processes.service";

describeEachDatabase("draft saves carry the revision they were based on", (db) => {
  it("accepts a save on the current revision, bumps it, and refuses a save based on an older one", async () => {
    const d = db().handle.db;
    const created = await importProcess(d, { graph: humanProcess("rev-a") });
    expect(created.draftRevision).toBe(0);
    const opened = await getProcess(d, { slug: "rev-a", role: "admin" });
    expect(opened.draftRevision).toBe(0);

    // Tab 1 saves on revision 0: accepted, now revision 1.
    const first = await updateDraft(d, { slug: "rev-a", graph: { ...humanProcess("rev-a"), name: "From tab 1" }, baseRevision: 0 });
    expect(first.draftRevision).toBe(1);

    // Tab 2 still edits revision 0: refused with a CONFLICT naming both revisions, nothing overwritten.
    const stale = await updateDraft(d, { slug: "rev-a", graph: { ...humanProcess("rev-a"), name: "From tab 2" }, baseRevision: 0 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect(stale).toMatchObject({ code: "CONFLICT", details: { currentRevision: 1, baseRevision: 0 } });
    expect((stale as AppError).message).toMatch(/Reload/);
    const after = await getProcess(d, { slug: "rev-a", role: "admin" });
    expect(after).toMatchObject({ name: "From tab 1", draftRevision: 1 });

    // After reloading, tab 2 saves on revision 1.
    const retried = await updateDraft(d, { slug: "rev-a", graph: { ...humanProcess("rev-a"), name: "From tab 2" }, baseRevision: 1 });
    expect(retried).toMatchObject({ draftRevision: 2, process: { name: "From tab 2" } });
  });

  it("lets only one of two concurrent saves on the same revision through", async () => {
    const d = db().handle.db;
    await importProcess(d, { graph: humanProcess("rev-b") });
    const results = await Promise.allSettled([
      updateDraft(d, { slug: "rev-b", graph: { ...humanProcess("rev-b"), name: "one" }, baseRevision: 0 }),
      updateDraft(d, { slug: "rev-b", graph: { ...humanProcess("rev-b"), name: "two" }, baseRevision: 0 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT"]);
    expect((await getProcess(d, { slug: "rev-b", role: "admin" })).draftRevision).toBe(1);
  });

  it("keeps saves without a base revision (API imports) working and bumping the revision", async () => {
    const d = db().handle.db;
    await importProcess(d, { graph: humanProcess("rev-c") });
    const again = await importProcess(d, { graph: { ...humanProcess("rev-c"), name: "Re-imported" } });
    expect(again).toMatchObject({ created: false, draftRevision: 1 });
  });

  it("returns any published version with its graph for version history, and NOT_FOUND for one that does not exist", async () => {
    const d = db().handle.db;
    await importProcess(d, { graph: humanProcess("rev-d") });
    await publishProcess(d, { slug: "rev-d" });
    await updateDraft(d, { slug: "rev-d", graph: { ...humanProcess("rev-d"), name: "Second" } });
    const v1 = await getProcessVersion(d, { slug: "rev-d", version: 1 });
    expect(v1).toMatchObject({ version: 1, functionId: "rev-d-v1", graph: { name: humanProcess("rev-d").name } });
    const missing = await getProcessVersion(d, { slug: "rev-d", version: 7 }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
  });
});
