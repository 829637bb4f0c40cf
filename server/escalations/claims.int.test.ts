import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { OutgoingEvent } from "@/server/runtime/events";
import { describeEachDatabase } from "@/server/testing/databases";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { handleRestRequest } from "@/server/rest/rest-handler";
import { resolveEscalation, markEscalationTimedOut, getEscalation, type Actor } from "./escalations.service";
import { assignEscalation, claimEscalation, releaseEscalation, takeOverEscalation } from "./claims.service";
import { bulkResolveEscalations } from "./bulk.service";
import { listAudit, recordView } from "./audit.service";
import { listInbox } from "./inbox.presenter";

const T0 = new Date("2026-03-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const TTL = 30 * 60_000;

const ana: Actor = { role: "reviewer", label: "ana@example.com", userId: "u-ana" };
const bob: Actor = { role: "reviewer", label: "bob@example.com", userId: "u-bob" };
const ops: Actor = { role: "operator", label: "ops@example.com", userId: "u-ops" };

/** The engine's event intake as seen from here: what the outbox delivered after each commit. */
function recordingEvents() {
  const sent: OutgoingEvent[] = [];
  return { sent, send: async (e: OutgoingEvent | OutgoingEvent[]) => void sent.push(...(Array.isArray(e) ? e : [e])) };
}

async function seed(db: Db) {
  for (const [id, role] of [["u-ana", "reviewer"], ["u-bob", "reviewer"], ["u-ops", "operator"]] as const) {
    await db.user.create({ data: { id, name: id, email: `${id.slice(2)}@example.com`, role } });
  }
  const proc = await db.process.create({ data: { publicId: "proc_c", slug: "claims", name: "claims", draft: {}, webhookToken: "wh_claims" } });
  const version = await db.processVersion.create({ data: { processId: proc.id, version: 1, graph: {}, plan: {}, planHash: "h", functionConfig: {} } });
  const run = await db.run.create({ data: { publicId: "run_c", processId: proc.id, versionId: version.id, input: {}, status: "waiting" } });
  for (const [publicId, role] of [["esc_1", "reviewer"], ["esc_2", "reviewer"], ["esc_3", "reviewer"], ["esc_4", "reviewer"], ["esc_5", "operator"], ["esc_6", "reviewer"]] as const) {
    await db.escalation.create({
      data: {
        publicId, runId: run.id, nodeId: "review", stepId: publicId, reason: "check", context: {}, role, createdAt: T0,
        proposedOutput: { text: "draft" }, outputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        allowedDecisions: publicId === "esc_4" ? [{ id: "reject", type: "reject" }] : [{ id: "approve", type: "approve" }, { id: "edit", type: "edit" }, { id: "reject", type: "reject" }],
      },
    });
  }
}

describeEachDatabase("escalation claims, audit and immutability", (get) => {
  it("a claim shows who holds it, blocks others until taken over, and lapses after its TTL", async () => {
    const db = get().handle.db;
    await seed(db);
    const claimed = await claimEscalation(db, { id: "esc_1", actor: ana, ttlMs: TTL, now: at(0) });
    expect(claimed).toMatchObject({ claimedBy: "ana@example.com", claimedByUserId: "u-ana", claimExpiresAt: at(30) });

    await expect(claimEscalation(db, { id: "esc_1", actor: bob, ttlMs: TTL, now: at(10) })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("ana@example.com holds this escalation") });
    const events = recordingEvents();
    await expect(resolveEscalation(db, { id: "esc_1", decision: "approve", actor: bob }, { events, at: at(10) })).rejects.toMatchObject({ code: "CONFLICT", details: { heldBy: "ana@example.com" } });
    expect(events.sent).toEqual([]);

    // Re-claiming your own claim extends it; the inbox's views follow the holder.
    await claimEscalation(db, { id: "esc_1", actor: ana, ttlMs: TTL, now: at(20) });
    expect(ids(await listInbox(db, { status: "open", assignee: "me", actor: "reviewer", who: { userId: "u-ana" }, now: at(21) }))).toEqual(["esc_1"]);
    const forBob = await listInbox(db, { status: "open", actor: "reviewer", who: { userId: "u-bob" }, now: at(21) });
    expect(forBob.items.find((i) => i.id === "esc_1")).toMatchObject({ heldByOther: true, claimedBy: "ana@example.com" });
    expect(ids(await listInbox(db, { status: "open", assignee: "none", actor: "reviewer", now: at(21) }))).not.toContain("esc_1");

    // Past the TTL the claim is gone: unassigned again, and Bob may claim without a take-over.
    expect(ids(await listInbox(db, { status: "open", assignee: "none", actor: "reviewer", now: at(51) }))).toContain("esc_1");
    expect(ids(await listInbox(db, { status: "open", assignee: "me", actor: "reviewer", who: { userId: "u-ana" }, now: at(51) }))).toEqual([]);
    expect((await getEscalation(db, { id: "esc_1" }, at(51))).claimedBy).toBeNull();
    expect(await claimEscalation(db, { id: "esc_1", actor: bob, ttlMs: TTL, now: at(51) })).toMatchObject({ claimedBy: "bob@example.com" });
  });

  it("take-over moves the hold and is recorded with the previous holder; then the new holder decides", async () => {
    const db = get().handle.db;
    await claimEscalation(db, { id: "esc_2", actor: ana, ttlMs: TTL, now: at(0) });
    const taken = await takeOverEscalation(db, { id: "esc_2", actor: bob, ttlMs: TTL, now: at(5) });
    expect(taken.claimedBy).toBe("bob@example.com");
    await expect(resolveEscalation(db, { id: "esc_2", decision: "approve", actor: ana }, { events: recordingEvents(), at: at(6) })).rejects.toMatchObject({ code: "CONFLICT" });
    const events = recordingEvents();
    const done = await resolveEscalation(db, { id: "esc_2", decision: "edit", output: { text: "fixed" }, comment: "typo", actor: bob }, { events, at: at(7) });
    expect(done).toMatchObject({ status: "resolved", decision: "edit", resolvedBy: "bob@example.com", claimedBy: null });
    expect(events.sent.map((e) => e.name)).toEqual(["baton/escalation.resolved"]);

    await recordView(db, { id: "esc_2", actor: ana, now: at(8) });
    await recordView(db, { id: "esc_2", actor: ana, now: at(9) }); // the same look, within the window
    const trail = await listAudit(db, { id: "esc_2" });
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ["claimed", "ana@example.com"],
      ["taken_over", "bob@example.com"],
      ["decided", "bob@example.com"],
      ["viewed", "ana@example.com"],
    ]);
    expect(trail[1]).toMatchObject({ actorKind: "user", before: { holder: "ana@example.com" }, after: { holder: "bob@example.com" } });
    expect(trail[2]).toMatchObject({ before: { proposedOutput: { text: "draft" } }, after: { decision: "edit", output: { text: "fixed" }, comment: "typo" } });
    expect(trail[2]!.at).toEqual(at(7));
  });

  it("a decision is final: a second resolve and any change to the decided escalation are refused", async () => {
    const db = get().handle.db;
    await expect(resolveEscalation(db, { id: "esc_2", decision: "reject", actor: bob }, { events: recordingEvents(), at: at(10) })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already resolved") });
    await expect(claimEscalation(db, { id: "esc_2", actor: bob, ttlMs: TTL, now: at(10) })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(takeOverEscalation(db, { id: "esc_2", actor: ops, ttlMs: TTL, now: at(10) })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(assignEscalation(db, { id: "esc_2", assignee: "u-ana", actor: ops, now: at(10) })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(releaseEscalation(db, { id: "esc_2", actor: ops, now: at(10) })).rejects.toMatchObject({ code: "CONFLICT" });
    const after = await getEscalation(db, { id: "esc_2" });
    expect(after).toMatchObject({ decision: "edit", output: { text: "fixed" }, comment: "typo", resolvedBy: "bob@example.com", resolvedAt: at(7) });
    expect((await listAudit(db, { id: "esc_2" })).filter((e) => e.action === "decided")).toHaveLength(1);
  });

  it("admins and operators assign to someone who may decide it; reviewers cannot assign; release clears it", async () => {
    const db = get().handle.db;
    await expect(assignEscalation(db, { id: "esc_3", assignee: "u-bob", actor: ana })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assignEscalation(db, { id: "esc_3", assignee: "nobody@example.com", actor: ops })).rejects.toMatchObject({ code: "BAD_REQUEST", details: { fieldErrors: { assignee: ["Unknown user"] } } });
    await expect(assignEscalation(db, { id: "esc_5", assignee: "ana@example.com", actor: ops })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("cannot decide") });
    const assigned = await assignEscalation(db, { id: "esc_3", assignee: "ana@example.com", actor: ops, now: at(0) });
    // An assignment does not lapse with the claim TTL.
    expect(assigned).toMatchObject({ claimedBy: "ana@example.com", claimExpiresAt: null });
    expect(ids(await listInbox(db, { status: "open", assignee: "me", actor: "reviewer", who: { userId: "u-ana" }, now: at(60 * 24) }))).toContain("esc_3");
    expect(ids(await listInbox(db, { status: "open", assignee: "ana@example.com", scope: "all", actor: "admin", now: at(1) }))).toEqual(["esc_3"]);
    // Bob may not clear Ana's hold; an operator may.
    await expect(releaseEscalation(db, { id: "esc_3", actor: bob })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await releaseEscalation(db, { id: "esc_3", actor: ops, now: at(2) })).claimedBy).toBeNull();
    await expect(releaseEscalation(db, { id: "esc_3", actor: ops })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Nobody holds") });
    expect((await listAudit(db, { id: "esc_3" })).map((e) => [e.action, e.actor, e.after])).toEqual([
      ["assigned", "ops@example.com", { holder: "ana@example.com" }],
      ["released", "ops@example.com", { holder: null }],
    ]);
  });

  it("bulk resolve reports each item: done, not allowed, held by someone else, already decided", async () => {
    const db = get().handle.db;
    await claimEscalation(db, { id: "esc_6", actor: ana, ttlMs: TTL, now: at(0) });
    const events = recordingEvents();
    const { results } = await bulkResolveEscalations(db, { ids: ["esc_3", "esc_4", "esc_6", "esc_2", "esc_nope"], decision: "approve", actor: bob }, { events, at: at(10) });
    expect(results.map((r) => [r.id, r.ok, r.code])).toEqual([
      ["esc_3", true, null],
      ["esc_4", false, "BAD_REQUEST"],
      ["esc_6", false, "CONFLICT"],
      ["esc_2", false, "CONFLICT"],
      ["esc_nope", false, "NOT_FOUND"],
    ]);
    expect(results[1]!.error).toContain("not a decision of this escalation");
    expect(events.sent).toHaveLength(1);
    expect((await getEscalation(db, { id: "esc_4" })).status).toBe("open");
  });

  it("an SLA breach is recorded in the audit as a system event", async () => {
    const db = get().handle.db;
    const run = await db.run.findUniqueOrThrow({ where: { publicId: "run_c" } });
    await markEscalationTimedOut(db, { runDbId: run.id, stepId: "esc_4", now: at(90) });
    const trail = await listAudit(db, { id: "esc_4" });
    expect(trail.at(-1)).toMatchObject({ action: "sla_breached", actor: "system", actorKind: "system", after: { status: "timed_out" }, at: at(90) });
    await expect(claimEscalation(db, { id: "esc_4", actor: ana, ttlMs: TTL })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("timed out") });
  });

  it("REST: claim, conflict, take-over, assign (operator keys only), bulk resolve and the audit, in the OpenAPI document", async () => {
    const db = get().handle.db;
    const { key: k1, id: k1Id } = await createApiKey(db, { name: "r1", role: "reviewer", createdById: null });
    const { key: k2 } = await createApiKey(db, { name: "r2", role: "reviewer", createdById: null });
    const { key: kOps } = await createApiKey(db, { name: "ops", role: "operator", createdById: null });
    const events = recordingEvents();
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await handleRestRequest(
        new Request(`http://baton.test/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
        { db, events, claimTtlMs: TTL },
      );
      return { status: res.status, body: (await res.json()) as any };
    };
    // Bob's claim from the first test (at minute 51) has long lapsed in real time.
    const claim = await call("POST", "/escalations/esc_1/claim", k1);
    expect(claim.status).toBe(200);
    expect(claim.body.claimedBy).toBe(`api-key:${k1Id}`);
    expect((await call("POST", "/escalations/esc_1/claim", k2)).status).toBe(409);
    expect((await call("GET", "/escalations?status=open&assignee=me", k1)).body.escalations.map((e: { id: string }) => e.id)).toEqual(["esc_1"]);
    expect((await call("POST", "/escalations/esc_1/take-over", k2)).status).toBe(200);
    expect((await call("POST", "/escalations/esc_1/assign", k2, { assignee: "u-ana" })).status).toBe(403);
    const assigned = await call("POST", "/escalations/esc_1/assign", kOps, { assignee: "u-ana" });
    expect(assigned.body.claimedBy).toBe("ana@example.com");
    // Resolved in real time, so opened in real time (the step record's latency is a 32-bit integer).
    await db.escalation.update({ where: { publicId: "esc_5" }, data: { createdAt: new Date() } });
    const bulk = await call("POST", "/escalations/bulk-resolve", kOps, { ids: ["esc_1", "esc_5"], decision: "reject" });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results.map((r: { id: string; ok: boolean }) => [r.id, r.ok])).toEqual([["esc_1", false], ["esc_5", true]]);
    expect((await call("GET", "/escalations/esc_1", k1)).status).toBe(200);
    const audit = await call("GET", "/escalations/esc_1/audit", k1);
    expect(audit.body.entries.slice(-4).map((e: { action: string; actorKind: string }) => [e.action, e.actorKind])).toEqual([
      ["claimed", "api-key"], ["taken_over", "api-key"], ["assigned", "api-key"], ["viewed", "api-key"],
    ]);
    expect((await call("GET", "/escalations/esc_nope/audit", k1)).status).toBe(404);

    const doc = (await (await handleRestRequest(new Request("http://baton.test/api/v1/openapi.json"), { db, events })).json()) as any;
    for (const p of ["/api/v1/escalations/{id}/claim", "/api/v1/escalations/{id}/release", "/api/v1/escalations/{id}/take-over", "/api/v1/escalations/{id}/assign", "/api/v1/escalations/bulk-resolve"]) {
      expect(doc.paths[p]?.post, p).toBeDefined();
    }
    expect(doc.paths["/api/v1/escalations/{id}/audit"].get).toBeDefined();
    expect(doc.paths["/api/v1/escalations"].get.parameters.map((p: { name: string }) => p.name)).toContain("assignee");
  });
});

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);
