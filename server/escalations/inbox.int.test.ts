import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/auth/roles";
import { describeEachDatabase } from "@/server/testing/databases";
import { createCaller } from "@/server/trpc/root";
import { listInbox } from "./inbox.presenter";
import { getCaseFile } from "./case-file.presenter";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { handleRestRequest } from "@/server/rest/rest-handler";

const T0 = new Date("2026-03-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Two processes with one run each; escalations written as the run's escalate step writes them. */
async function seed(db: Db) {
  const runs: Record<string, string> = {};
  for (const slug of ["alpha", "beta"]) {
    const proc = await db.process.create({ data: { publicId: `proc_${slug}`, slug, name: slug, draft: {}, webhookToken: `wh_${slug}` } });
    const version = await db.processVersion.create({ data: { processId: proc.id, version: 1, graph: {}, plan: {}, planHash: "h", functionConfig: {} } });
    const run = await db.run.create({ data: { publicId: `run_${slug}`, processId: proc.id, versionId: version.id, input: {} } });
    runs[slug] = run.id;
  }
  const esc = (publicId: string, slug: string, o: { role?: string; dueAt: Date | null; createdAt: Date; status?: string }) =>
    db.escalation.create({
      data: {
        publicId, runId: runs[slug]!, nodeId: "review", stepId: publicId, reason: `why ${publicId}`, context: {}, allowedDecisions: [{ id: "approve", type: "approve" }],
        role: o.role ?? "reviewer", dueAt: o.dueAt, createdAt: o.createdAt, status: o.status ?? "open",
      },
    });
  // Created order differs from due order on purpose: the oldest is due last, one has no deadline.
  await esc("esc_a_nodue", "alpha", { dueAt: null, createdAt: at(0) });
  await esc("esc_b_late", "alpha", { dueAt: at(600), createdAt: at(1) });
  await esc("esc_c_soon", "beta", { dueAt: at(30), createdAt: at(2) });
  await esc("esc_d_ops", "beta", { role: "operator", dueAt: at(10), createdAt: at(3) });
  await esc("esc_e_mid", "alpha", { dueAt: at(120), createdAt: at(4) });
  await esc("esc_f_nodue2", "beta", { dueAt: null, createdAt: at(5) });
  await esc("esc_g_done", "alpha", { dueAt: at(5), createdAt: at(6), status: "resolved" });
}

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

describeEachDatabase("inbox list", (get) => {
  it("sorts open escalations by due time, no deadline last (oldest first among equals)", async () => {
    const db = get().handle.db;
    await seed(db);
    const page = await listInbox(db, { status: "open", scope: "all", actor: "admin" });
    expect(ids(page)).toEqual(["esc_d_ops", "esc_c_soon", "esc_e_mid", "esc_b_late", "esc_a_nodue", "esc_f_nodue2"]);
    expect(page.nextCursor).toBeNull();
  });

  it("a reviewer's default view holds only what they may decide; `all` shows the rest read-only with the reason", async () => {
    const db = get().handle.db;
    const mine = await listInbox(db, { status: "open", actor: "reviewer" });
    expect(ids(mine)).toEqual(["esc_c_soon", "esc_e_mid", "esc_b_late", "esc_a_nodue", "esc_f_nodue2"]);
    expect(mine.items.every((i) => i.canDecide && i.readOnlyReason === null)).toBe(true);

    const all = await listInbox(db, { status: "open", scope: "all", actor: "reviewer" });
    const ops = all.items.find((i) => i.id === "esc_d_ops")!;
    expect(ops).toMatchObject({ canDecide: false, readOnlyReason: "Needs the operator role; you are reviewer." });
    expect((await listInbox(db, { status: "open", actor: "operator" })).items.map((i) => i.id)).toContain("esc_d_ops");
    // Asking for a role you cannot decide in your own view is an empty page, not someone else's items.
    expect(ids(await listInbox(db, { status: "open", role: "operator", actor: "reviewer" }))).toEqual([]);
  });

  it("filters by role, process and dueBefore", async () => {
    const db = get().handle.db;
    expect(ids(await listInbox(db, { status: "open", role: "operator", actor: "admin" }))).toEqual(["esc_d_ops"]);
    expect(ids(await listInbox(db, { status: "open", process: "beta", scope: "all", actor: "admin" }))).toEqual(["esc_d_ops", "esc_c_soon", "esc_f_nodue2"]);
    expect(ids(await listInbox(db, { status: "open", dueBefore: at(60), actor: "admin" }))).toEqual(["esc_d_ops", "esc_c_soon"]);
    expect(ids(await listInbox(db, { dueBefore: at(60), actor: "admin" }))).toEqual(["esc_g_done", "esc_d_ops", "esc_c_soon"]);
  });

  it("pages with a cursor through the same order, across the no-deadline boundary", async () => {
    const db = get().handle.db;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listInbox(db, { status: "open", scope: "all", actor: "admin", limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["esc_d_ops", "esc_c_soon", "esc_e_mid", "esc_b_late", "esc_a_nodue", "esc_f_nodue2"]);
    await expect(listInbox(db, { cursor: "esc_nope", actor: "admin" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("tRPC escalations.inbox uses the signed-in user's role", async () => {
    const db = get().handle.db;
    const caller = (role: Role) => createCaller({ db, user: { id: `u-${role}`, email: `${role}@example.com`, name: role, role }, trustedOrigin: true });
    const page = await caller("reviewer").escalations.inbox({ status: "open" });
    expect(ids(page)).not.toContain("esc_d_ops");
    const bad = await caller("reviewer").escalations.inbox({ status: "open", cursor: "esc_nope" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TRPCError);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("the case file gives the run's cost so far and the model behind what is reviewed", async () => {
    const db = get().handle.db;
    const run = await db.run.findUniqueOrThrow({ where: { publicId: "run_alpha" } });
    const rec = (stepId: string, nodeId: string, attempt: number, model: string | null, costUsd: number, startedAt: Date) =>
      db.stepRecord.create({ data: { runId: run.id, nodeId, stepId, kind: model ? "llm" : "tool", attempt, status: "succeeded", model, provider: model ? "sim" : null, costUsd, startedAt } });
    await rec("draft", "draft", 1, "sim/mid-1", 0.001, at(0));
    await rec("draft", "draft", 2, "sim/strong-1", 0.002, at(1));
    await rec("classify", "classify", 1, "sim/light-1", 0.0005, at(0));
    await rec("lookup", "lookup", 1, null, 0, at(0));
    await db.escalation.create({
      data: {
        publicId: "esc_case", runId: run.id, nodeId: "review", stepId: "review", reason: "check the draft", role: "reviewer",
        context: { input: { q: 1 }, upstream: { draft: { reply: "hi" }, lookup: { n: 3 } } }, allowedDecisions: [],
      },
    });
    const file = await getCaseFile(db, { id: "esc_case" });
    expect(file.run).toMatchObject({ id: "run_alpha", status: "queued" });
    expect(file.run.costUsd).toBeCloseTo(0.0035, 10);
    // The reviewed step's latest model with its cost over attempts; classify is not read by the step; lookup used no model.
    expect(file.models).toHaveLength(1);
    expect(file.models[0]).toMatchObject({ nodeId: "draft", model: "sim/strong-1", provider: "sim" });
    expect(file.models[0]!.costUsd).toBeCloseTo(0.003, 10);
    await expect(getCaseFile(db, { id: "esc_nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("REST GET /escalations filters by role, process and dueBefore, pages with nextCursor, and says so in OpenAPI", async () => {
    const db = get().handle.db;
    const { key } = await createApiKey(db, { name: "inbox-rest", role: "reviewer", createdById: null });
    // A GET sends no events; anything sent would be a bug.
    const events = { send: async () => { throw new Error("a GET must not send events"); } };
    const call = async (path: string) => {
      const res = await handleRestRequest(new Request(`http://baton.test/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } }), { db, events });
      return { status: res.status, body: (await res.json()) as any };
    };
    const byDue = await call("/escalations?status=open&process=beta");
    expect(byDue.status).toBe(200);
    expect(byDue.body.escalations.map((e: { id: string }) => e.id)).toEqual(["esc_d_ops", "esc_c_soon", "esc_f_nodue2"]);
    // The API shows everything; what this key's role cannot decide says so.
    expect(byDue.body.escalations[0]).toMatchObject({ canDecide: false, readOnlyReason: "Needs the operator role; you are reviewer." });
    expect((await call(`/escalations?status=open&role=operator`)).body.escalations.map((e: { id: string }) => e.id)).toEqual(["esc_d_ops"]);
    expect((await call(`/escalations?status=open&dueBefore=${encodeURIComponent(at(60).toISOString())}`)).body.escalations.map((e: { id: string }) => e.id)).toEqual(["esc_d_ops", "esc_c_soon"]);

    const first = await call("/escalations?status=open&limit=4");
    expect(first.body.escalations).toHaveLength(4);
    expect(first.body.nextCursor).toBe("esc_b_late");
    const second = await call(`/escalations?status=open&limit=4&cursor=${first.body.nextCursor}`);
    // esc_case (from the case-file test) has no deadline and is the newest: last.
    expect(second.body.escalations.map((e: { id: string }) => e.id)).toEqual(["esc_a_nodue", "esc_f_nodue2", "esc_case"]);
    expect(second.body.nextCursor).toBeNull();

    const bad = await call("/escalations?dueBefore=tomorrow&limit=0");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fieldErrors)).toEqual(expect.arrayContaining(["dueBefore", "limit"]));

    const doc = (await (await handleRestRequest(new Request("http://baton.test/api/v1/openapi.json"), { db, events })).json()) as any;
    const names = doc.paths["/api/v1/escalations"].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(["status", "role", "process", "dueBefore", "cursor", "limit"]));
    expect(doc.paths["/api/v1/escalations"].get.responses["200"].content["application/json"].schema.properties).toHaveProperty("nextCursor");
  });
});
