/**
 * A human step's latency is the time the escalation stayed open, which can be weeks: resolving or
 * timing out one opened more than 2^31 ms (24.8 days) ago must record it, on both databases
 * (an int32 column refused it on PostgreSQL with "value out of range").
 */
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { OutgoingEvent } from "@/server/runtime/events";
import { describeEachDatabase } from "@/server/testing/databases";
import { markEscalationTimedOut, resolveEscalation } from "./escalations.service";

const OPENED = new Date("2026-01-01T00:00:00Z");
const DAY = 86_400_000;

async function seed(db: Db, publicId: string) {
  const proc = await db.process.create({ data: { publicId: `proc_${publicId}`, slug: publicId, name: publicId, draft: {}, webhookToken: `wh_${publicId}` } });
  const version = await db.processVersion.create({ data: { processId: proc.id, version: 1, graph: {}, plan: {}, planHash: "h", functionConfig: {} } });
  const run = await db.run.create({ data: { publicId: `run_${publicId}`, processId: proc.id, versionId: version.id, input: {}, status: "waiting" } });
  await db.escalation.create({
    data: { publicId, runId: run.id, nodeId: "review", stepId: "review", reason: "check", context: {}, role: "reviewer", createdAt: OPENED, allowedDecisions: [{ id: "approve", type: "approve" }] },
  });
  return run.id;
}

const record = (db: Db, runId: string) => db.stepRecord.findFirstOrThrow({ where: { runId, stepId: "review" } });

describeEachDatabase("human step latency beyond int32", (get) => {
  it("resolving an escalation open for 40 days records its 40-day latency", async () => {
    const db = get().handle.db;
    const runId = await seed(db, "esc_long");
    const sent: OutgoingEvent[] = [];
    const events = { send: async (e: OutgoingEvent | OutgoingEvent[]) => void sent.push(...(Array.isArray(e) ? e : [e])) };
    const decidedAt = new Date(OPENED.getTime() + 40 * DAY);
    const resolved = await resolveEscalation(db, { id: "esc_long", decision: "approve", actor: { role: "reviewer", label: "ana@example.com" } }, { events, at: decidedAt });
    expect(resolved.status).toBe("resolved");
    expect(Number((await record(db, runId)).latencyMs)).toBe(40 * DAY);
    expect(sent.map((e) => e.name)).toEqual(["baton/escalation.resolved"]);
  });

  it("a timeout after 30 days records its 30-day latency", async () => {
    const db = get().handle.db;
    const runId = await seed(db, "esc_late");
    await markEscalationTimedOut(db, { runDbId: runId, stepId: "review", now: new Date(OPENED.getTime() + 30 * DAY) });
    expect(Number((await record(db, runId)).latencyMs)).toBe(30 * DAY);
  });
});
