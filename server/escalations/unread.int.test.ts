/** The navigation's unread count: open escalations the user may decide and has not opened, from the audit's views. */
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { describeEachDatabase } from "@/server/testing/databases";
import { recordView } from "./audit.service";
import { markEscalationTimedOut } from "./escalations.service";
import { countUnread } from "./unread.presenter";

async function seed(db: Db) {
  const proc = await db.process.create({ data: { publicId: "proc_u", slug: "unread", name: "unread", draft: {}, webhookToken: "wh_unread" } });
  const version = await db.processVersion.create({ data: { processId: proc.id, version: 1, graph: {}, plan: {}, planHash: "h", functionConfig: {} } });
  const run = await db.run.create({ data: { publicId: "run_u", processId: proc.id, versionId: version.id, input: {}, status: "waiting" } });
  for (const [publicId, role] of [["esc_r1", "reviewer"], ["esc_r2", "reviewer"], ["esc_r3", "reviewer"], ["esc_o1", "operator"], ["esc_a1", "admin"]] as const) {
    await db.escalation.create({ data: { publicId, runId: run.id, nodeId: "review", stepId: publicId, reason: "check", context: {}, role, allowedDecisions: [{ id: "approve", type: "approve" }] } });
  }
  return run.id;
}

describeEachDatabase("unread escalations", (get) => {
  it("counts open escalations of the roles a user may decide until that user opens them", async () => {
    const db = get().handle.db;
    const runId = await seed(db);
    const rita = { role: "reviewer" as const, userId: "u-rita" };
    const otto = { role: "operator" as const, userId: "u-otto" };
    const ada = { role: "admin" as const, userId: "u-ada" };
    expect(await countUnread(db, rita)).toBe(3);
    expect(await countUnread(db, otto)).toBe(4);
    expect(await countUnread(db, ada)).toBe(5);

    await recordView(db, { id: "esc_r1", actor: { label: "rita@example.com", userId: "u-rita" } });
    expect(await countUnread(db, rita)).toBe(2);
    // Someone else's look does not mark it read for rita; an API key's does not either.
    await recordView(db, { id: "esc_r2", actor: { label: "otto@example.com", userId: "u-otto" } });
    await recordView(db, { id: "esc_r2", actor: { label: "api-key:k1", keyId: "k1" } });
    expect(await countUnread(db, rita)).toBe(2);
    expect(await countUnread(db, otto)).toBe(3);

    // A closed escalation is not waiting for anyone.
    await markEscalationTimedOut(db, { runDbId: runId, stepId: "esc_r3" });
    expect(await countUnread(db, rita)).toBe(1);
  });
});
