import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { describeEachDatabase } from "@/server/testing/databases";
import { listInbox } from "./inbox.presenter";
import { getEscalation } from "./escalations.service";

const T0 = new Date("2026-04-01T08:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/**
 * A mixed fixture for the SQL page (inbox-sql.ts): ties on due time and on creation time, no-deadline
 * rows, JSON payloads of every kind, live / lapsed / absent holds, a decided one, two runs of one
 * process and one of another, one run of each kind (production, test, dataset). Each item is compared with the
 * Prisma read of the same escalation.
 */
async function seed(db: Db) {
  const runs: Record<string, string> = {};
  const kinds: Record<string, string> = { run_g1: "run", run_g2: "test", run_d1: "dataset" };
  for (const [slug, runIds] of [["gamma", ["run_g1", "run_g2"]], ["delta", ["run_d1"]]] as const) {
    const proc = await db.process.create({ data: { publicId: `proc_${slug}`, slug, name: slug, draft: {}, webhookToken: `wh_${slug}` } });
    const version = await db.processVersion.create({ data: { processId: proc.id, version: 3, graph: {}, plan: {}, planHash: "h", functionConfig: {} } });
    for (const publicId of runIds) runs[publicId] = (await db.run.create({ data: { publicId, processId: proc.id, versionId: version.id, input: {}, kind: kinds[publicId] } })).id;
  }
  const esc = (publicId: string, run: string, o: Record<string, unknown> & { createdAt: Date }) =>
    db.escalation.create({
      data: {
        publicId, runId: runs[run]!, nodeId: "review", stepId: publicId, reason: `why ${publicId}`, role: "reviewer",
        context: { input: { n: publicId.length }, upstream: { draft: { text: "é \"quoted\" ✓", list: [1, 2.5, null, true] } } },
        allowedDecisions: [{ id: "approve", type: "approve" }, { id: "edit", type: "edit" }],
        ...o,
      },
    });
  // Same due time, created in the other order; same due and created time (public id decides).
  await esc("esc_m_tie_b", "run_g1", { dueAt: at(60), createdAt: at(2), proposedOutput: { reply: "b" }, outputSchema: { type: "object", required: ["reply"] } });
  await esc("esc_m_tie_a", "run_g2", { dueAt: at(60), createdAt: at(2), proposedOutput: [1, "two"] });
  await esc("esc_m_tie_c", "run_d1", { dueAt: at(60), createdAt: at(1), role: "operator", claimedBy: "ana@example.com", claimedByUserId: "u-ana", claimedAt: at(3), claimExpiresAt: at(200) });
  await esc("esc_m_soon", "run_g1", { dueAt: at(5), createdAt: at(9), claimedBy: "bob@example.com", claimedByUserId: "u-bob", claimedAt: at(4), claimExpiresAt: at(10) });
  await esc("esc_m_nodue_2", "run_d1", { dueAt: null, createdAt: at(7), claimedBy: "API key bk_x", claimedByKeyId: "key-x", claimedAt: at(7), claimExpiresAt: null });
  await esc("esc_m_nodue_1", "run_g2", { dueAt: null, createdAt: at(7), proposedOutput: "just text" });
  await esc("esc_m_nodue_0", "run_g1", { dueAt: null, createdAt: at(0) });
  await esc("esc_m_done", "run_g2", {
    dueAt: at(30), createdAt: at(0), status: "resolved", decision: "edit", output: { reply: "edited" }, comment: "fixed the tone", resolvedBy: "ana@example.com", resolvedAt: at(20),
  });
}

describeEachDatabase("inbox list as SQL", (get) => {
  it("pages through ties and the no-deadline boundary in order, each item as the Prisma read gives it", async () => {
    const db = get().handle.db;
    await seed(db);
    const now = at(100);
    for (const status of ["open", undefined] as const) {
      const seen: Array<Awaited<ReturnType<typeof listInbox>>["items"][number]> = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await listInbox(db, { status, scope: "all", actor: "admin", who: { userId: "u-ana" }, now, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const open = ["esc_m_soon", "esc_m_tie_c", "esc_m_tie_a", "esc_m_tie_b", "esc_m_nodue_0", "esc_m_nodue_1", "esc_m_nodue_2"];
      expect(seen.map((s) => s.id)).toEqual(status ? open : ["esc_m_soon", "esc_m_done", ...open.slice(1)]);
      for (const item of seen) {
        const { canDecide: _c, readOnlyReason: _r, heldByOther: _h, ...fields } = item;
        expect(fields).toEqual(await getEscalation(db, { id: item.id }, now));
      }
      // Bob's claim lapsed at minute 10; Ana's holds; the key's assignment has no expiry.
      const byId = new Map(seen.map((s) => [s.id, s]));
      expect(byId.get("esc_m_soon")).toMatchObject({ claimedBy: null, heldByOther: false });
      expect(byId.get("esc_m_tie_c")).toMatchObject({ claimedBy: "ana@example.com", heldByOther: false });
      expect(byId.get("esc_m_nodue_2")).toMatchObject({ claimedBy: "API key bk_x", heldByOther: true });
      // Which kind of run each came from (the inbox marks test and dataset runs).
      expect([byId.get("esc_m_soon")!.runKind, byId.get("esc_m_tie_a")!.runKind, byId.get("esc_m_tie_c")!.runKind]).toEqual(["run", "test", "dataset"]);
    }
  });

  it("filters by run, process, assignee and status together", async () => {
    const db = get().handle.db;
    const now = at(100);
    const ids = async (p: Parameters<typeof listInbox>[1]) => (await listInbox(db, { scope: "all", now, ...p })).items.map((i) => i.id);
    expect(await ids({ runId: "run_g2", actor: "admin" })).toEqual(["esc_m_done", "esc_m_tie_a", "esc_m_nodue_1"]);
    expect(await ids({ process: "delta", status: "open", actor: "admin" })).toEqual(["esc_m_tie_c", "esc_m_nodue_2"]);
    expect(await ids({ assignee: "me", actor: "operator", who: { userId: "u-ana" } })).toEqual(["esc_m_tie_c"]);
    expect(await ids({ assignee: "me", actor: "operator", who: { keyId: "key-x" } })).toEqual(["esc_m_nodue_2"]);
    expect(await ids({ assignee: "me", actor: "operator" })).toEqual([]);
    expect(await ids({ assignee: "bob@example.com", actor: "admin" })).toEqual([]);
    expect(await ids({ assignee: "none", status: "open", process: "gamma", actor: "admin" })).toEqual(["esc_m_soon", "esc_m_tie_a", "esc_m_tie_b", "esc_m_nodue_0", "esc_m_nodue_1"]);
    expect(await ids({ status: "open", dueBefore: at(60), actor: "admin" })).toEqual(["esc_m_soon"]);
    expect(await ids({ status: "open", scope: "mine", actor: "reviewer" })).not.toContain("esc_m_tie_c");
  });
});
