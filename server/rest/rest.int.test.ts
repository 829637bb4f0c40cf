import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { humanProcess } from "@/server/runtime/testing/graphs";
import { exampleGraphs } from "@/core";
import { handleRestRequest, handleWebhookRequest } from "./rest-handler";
import { restRoutes } from "./rest-routes";
import { importProcess } from "@/server/processes/processes.service";

let h: RuntimeHarness;
const keys = { admin: "", operator: "", reviewer: "" };

beforeAll(async () => {
  h = await startRuntimeHarness();
  for (const role of ["admin", "operator", "reviewer"] as const) keys[role] = (await createApiKey(h.db, { name: role, role, createdById: null })).key;
});
afterAll(async () => {
  await h?.close();
});

async function call(method: string, path: string, opts: { key?: string; body?: unknown } = {}) {
  const req = new Request(`http://baton.test/api/v1${path}`, {
    method,
    headers: { ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}), "content-type": "application/json" },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const res = await handleRestRequest(req, { db: h.db, events: h.client });
  return { status: res.status, body: (await res.json()) as any };
}

const ticket = { ticket: { id: "T-9", subject: "Login broken", body: "I cannot log in to my account since this morning.", customerEmail: "c@d.co", plan: "free" } };

describe("REST API v1", () => {
  it("requires an API key and checks its role", async () => {
    const anon = await call("GET", "/processes");
    expect(anon.status).toBe(401);
    expect(anon.body.error).toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await call("GET", "/processes", { key: "bk_nope_nope_nope_nope_nope" })).status).toBe(401);
    const list = await call("GET", "/processes", { key: keys.reviewer });
    expect(list.status).toBe(200);
    expect(list.body.processes.map((p: { slug: string }) => p.slug)).toEqual(expect.arrayContaining(Object.keys(exampleGraphs)));
    const forbidden = await call("POST", "/processes/support-triage/runs", { key: keys.reviewer, body: { input: ticket } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe("FORBIDDEN");
  });

  it("reads a process with its compiled plan and function config", async () => {
    const res = await call("GET", "/processes/invoice-reconciliation", { key: keys.reviewer });
    expect(res.status).toBe(200);
    expect(res.body.latest.plan.steps.length).toBeGreaterThan(2);
    expect(res.body.latest.functionConfig).toMatchObject({ id: "invoice-reconciliation-v1", triggers: [{ event: "baton/run.requested" }] });
    // The webhook path starts runs, so a reviewer (who may not) never sees it.
    expect(res.body.webhookPath).toBeNull();
    const asOperator = await call("GET", "/processes/invoice-reconciliation", { key: keys.operator });
    expect(asOperator.body.webhookPath).toMatch(/^\/api\/hooks\/wh_/);
    expect((await call("GET", "/processes/invoice-reconciliation", { key: keys.admin })).body.webhookPath).toBe(asOperator.body.webhookPath);
    const token = asOperator.body.webhookPath.split("/").pop();
    expect(JSON.stringify((await call("GET", "/processes", { key: keys.reviewer })).body)).not.toContain(token);
    expect((await call("GET", "/processes/nope", { key: keys.reviewer })).status).toBe(404);
  });

  it("starts a run (202), refuses bad input with field errors, honours idempotency keys", async () => {
    const bad = await call("POST", "/processes/support-triage/runs", { key: keys.operator, body: { input: { ticket: { id: 1 } } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fieldErrors)).toEqual(expect.arrayContaining(["input.ticket.id", "input.ticket.subject"]));
    const malformed = await call("POST", "/processes/support-triage/runs", { key: keys.operator, body: { idempotencyKey: 5 } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fieldErrors).toHaveProperty("idempotencyKey");

    const a = await call("POST", "/processes/support-triage/runs", { key: keys.operator, body: { input: ticket, idempotencyKey: "rest-1" } });
    expect(a.status).toBe(202);
    expect(a.body.runId).toMatch(/^run_/);
    const b = await call("POST", "/processes/support-triage/runs", { key: keys.operator, body: { input: ticket, idempotencyKey: "rest-1" } });
    expect(b.body.runId).toBe(a.body.runId);

    const run = await waitFor(async () => {
      const r = await call("GET", `/runs/${a.body.runId}`, { key: keys.reviewer });
      return ["completed", "waiting", "failed"].includes(r.body.status) ? r.body : undefined;
    }, "run");
    expect(run.process).toBe("support-triage");
    expect(run.version).toBe(1);
    const classify = run.steps.find((s: { nodeId: string }) => s.nodeId === "classify");
    expect(classify).toMatchObject({ model: "sim/light-1", provider: "sim", status: "succeeded" });
    expect(classify.costUsd).toBeGreaterThan(0);
    expect(classify.latencyMs).toBeGreaterThan(0);
    expect(run.totals.tokens).toBeGreaterThan(0);
  });

  it("lists open escalations, resolves one (reviewer) and the run completes", async () => {
    await call("POST", "/processes", { key: keys.operator, body: { graph: humanProcess("rest-human") } });
    const published = await call("POST", "/processes/rest-human/publish", { key: keys.operator });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: "published", version: { version: 1 }, resynced: true });
    const { body } = await call("POST", "/processes/rest-human/runs", { key: keys.operator, body: { input: { q: "?" } } });
    const esc = await waitFor(async () => {
      const list = await call("GET", "/escalations?status=open", { key: keys.reviewer });
      return list.body.escalations.find((e: { runId: string }) => e.runId === body.runId);
    }, "escalation");
    const wrong = await call("POST", `/escalations/${esc.id}/resolve`, { key: keys.reviewer, body: { decision: "edit", output: { text: 1 } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fieldErrors).toHaveProperty(["output.text"]);
    const ok = await call("POST", `/escalations/${esc.id}/resolve`, { key: keys.reviewer, body: { decision: "approve", comment: "fine" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "resolved", decision: "approve" });
    const run = await waitFor(async () => {
      const r = await call("GET", `/runs/${body.runId}`, { key: keys.reviewer });
      return r.body.status === "completed" ? r.body : undefined;
    }, "run to complete");
    expect(run.output.decision).toBe("approve");
  });

  it("imports a graph with errors as a draft and refuses to publish it with diagnostics", async () => {
    const broken = { ...humanProcess("rest-broken"), edges: [] };
    const imported = await call("POST", "/processes", { key: keys.operator, body: { graph: broken } });
    expect(imported.status).toBe(200);
    expect(imported.body.diagnostics.some((d: { severity: string }) => d.severity === "error")).toBe(true);
    const refused = await call("POST", "/processes/rest-broken/publish", { key: keys.operator });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.diagnostics.length).toBeGreaterThan(0);
  });

  it("cancels and reruns through the API", async () => {
    const { body } = await call("POST", "/processes/rest-human/runs", { key: keys.operator, body: { input: { q: "cancel" } } });
    await waitFor(async () => (await call("GET", `/runs/${body.runId}`, { key: keys.reviewer })).body.status === "waiting", "waiting");
    const cancelled = await call("POST", `/runs/${body.runId}/cancel`, { key: keys.operator });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    const rerun = await call("POST", `/runs/${body.runId}/rerun`, { key: keys.operator, body: { fromNodeId: "review" } });
    expect(rerun.status).toBe(202);
    const again = await waitFor(async () => {
      const r = await call("GET", `/runs/${rerun.body.runId}`, { key: keys.reviewer });
      return r.body.status === "waiting" ? r.body : undefined;
    }, "rerun waiting");
    // Nothing before "review" ran again: its records are the cancelled run's, marked reused and not billed.
    type Step = { kind: string; nodeId: string; reused: boolean; reusedFromRunId: string | null; costUsd: number };
    const steps = again.steps as Step[];
    expect(steps.filter((s) => s.kind === "llm" && !s.reused)).toHaveLength(0);
    const reused = steps.filter((s) => s.reused);
    expect(reused.map((s) => [s.nodeId, s.reusedFromRunId])).toEqual([["draft", body.runId]]);
    expect(again.totals.costUsd).toBe(0);
    expect(again.totals.reusedCostUsd).toBeCloseTo(reused[0]!.costUsd, 10);
    expect(again.totals.durationMs).toBeNull();
    await call("POST", `/runs/${rerun.body.runId}/cancel`, { key: keys.operator });
  });

  it("bulk-cancels through the API, by run ids or by list filter (dates as ISO strings); a reviewer may not", async () => {
    const ids: string[] = [];
    for (const q of ["bulk 1", "bulk 2", "bulk 3"]) ids.push((await call("POST", "/processes/rest-human/runs", { key: keys.operator, body: { input: { q } } })).body.runId);
    for (const id of ids) await waitFor(async () => (await call("GET", `/runs/${id}`, { key: keys.reviewer })).body.status === "waiting", `${id} waiting`);
    expect((await call("POST", "/runs/bulk", { key: keys.reviewer, body: { action: "cancel", runIds: ids } })).status).toBe(403);
    const both = await call("POST", "/runs/bulk", { key: keys.operator, body: { action: "cancel", runIds: [ids[0]], filter: { process: "rest-human" } } });
    expect(both.status).toBe(400);

    const byId = await call("POST", "/runs/bulk", { key: keys.operator, body: { action: "cancel", runIds: [ids[0]] } });
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({ action: "cancel", done: [{ runId: ids[0], newRunId: null }], skipped: [], remaining: false });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const byFilter = await call("POST", "/runs/bulk", { key: keys.operator, body: { action: "cancel", filter: { process: "rest-human", status: "waiting", from: since } } });
    expect(byFilter.status).toBe(200);
    const done = (byFilter.body.done as Array<{ runId: string }>).map((d) => d.runId);
    expect(done).toEqual(expect.arrayContaining([ids[1], ids[2]]));
    expect(done).not.toContain(ids[0]);
    for (const id of ids) expect((await call("GET", `/runs/${id}`, { key: keys.reviewer })).body.status).toBe("cancelled");
  });

  it("lists runs filtered by process and status; durationMs is null until a run ends", async () => {
    const { body } = await call("POST", "/processes/rest-human/runs", { key: keys.operator, body: { input: { q: "list me" } } });
    await waitFor(async () => (await call("GET", `/runs/${body.runId}`, { key: keys.reviewer })).body.status === "waiting", "waiting");

    const waiting = await call("GET", "/runs?process=rest-human&status=waiting", { key: keys.reviewer });
    expect(waiting.status).toBe(200);
    expect(waiting.body.runs.map((r: { id: string }) => r.id)).toEqual([body.runId]);
    expect(waiting.body.runs[0]).toMatchObject({ process: "rest-human", status: "waiting", endedAt: null, totals: { durationMs: null } });

    const cancelled = await call("GET", "/runs?process=rest-human&status=cancelled", { key: keys.reviewer });
    expect(cancelled.body.runs.length).toBeGreaterThan(0);
    for (const r of cancelled.body.runs) {
      expect(r).toMatchObject({ process: "rest-human", status: "cancelled" });
      expect(r.totals.durationMs).toBe(Date.parse(r.endedAt) - Date.parse(r.startedAt ?? r.createdAt));
    }
    const triage = await call("GET", "/runs?process=support-triage", { key: keys.reviewer });
    expect(triage.body.runs.length).toBeGreaterThan(0);
    expect(new Set(triage.body.runs.map((r: { process: string }) => r.process))).toEqual(new Set(["support-triage"]));
    expect((await call("GET", "/runs?process=no-such-process", { key: keys.reviewer })).body.runs).toEqual([]);
    const first = await call("GET", "/runs?limit=1", { key: keys.reviewer });
    expect(first.body.runs).toHaveLength(1);
    // Cursor paging: the next page continues after the first run, never repeating it.
    const second = await call("GET", `/runs?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { key: keys.reviewer });
    expect(second.status).toBe(200);
    expect(second.body.runs).toHaveLength(1);
    expect(second.body.runs[0].id).not.toBe(first.body.runs[0].id);
    expect(Date.parse(second.body.runs[0].createdAt)).toBeLessThanOrEqual(Date.parse(first.body.runs[0].createdAt));
    const byKey = await call("GET", `/runs?trigger=api&maxCost=1000&search=${body.runId}`, { key: keys.reviewer });
    expect(byKey.body).toMatchObject({ runs: [{ id: body.runId }], nextCursor: null });
    expect((await call("GET", "/runs?cursor=not-a-cursor", { key: keys.reviewer })).status).toBe(400);
    expect((await call("GET", "/runs?minCost=-1", { key: keys.reviewer })).status).toBe(400);

    const badStatus = await call("GET", "/runs?status=exploded", { key: keys.reviewer });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details.fieldErrors).toHaveProperty("status");
    expect((await call("GET", "/runs?limit=0", { key: keys.reviewer })).status).toBe(400);

    // Once it ends, the total duration is set.
    const esc = await waitFor(async () => (await call("GET", `/escalations?status=open&runId=${body.runId}`, { key: keys.reviewer })).body.escalations[0], "escalation");
    await call("POST", `/escalations/${esc.id}/resolve`, { key: keys.reviewer, body: { decision: "approve" } });
    const done = await waitFor(async () => {
      const r = await call("GET", `/runs/${body.runId}`, { key: keys.reviewer });
      return r.body.status === "completed" ? r.body : undefined;
    }, "run to complete");
    expect(done.totals.durationMs).toBe(Date.parse(done.endedAt) - Date.parse(done.startedAt));
    const listed = await call("GET", "/runs?process=rest-human&status=completed", { key: keys.reviewer });
    expect(listed.body.runs.find((r: { id: string }) => r.id === body.runId)?.totals.durationMs).toBe(done.totals.durationMs);
  });

  it("starts a run from the process webhook URL without an API key", async () => {
    const proc = await call("GET", "/processes/rest-human", { key: keys.operator });
    const token = proc.body.webhookPath.split("/").pop();
    const res = await handleWebhookRequest(new Request(`http://baton.test${proc.body.webhookPath}`, { method: "POST", body: JSON.stringify({ q: "from a hook" }) }), token, { db: h.db, events: h.client });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const row = await h.db.run.findUniqueOrThrow({ where: { publicId: runId } });
    expect(row.trigger).toBe("webhook");
    const unknown = await handleWebhookRequest(new Request("http://baton.test/api/hooks/x", { method: "POST", body: "{}" }), "wh_nope", { db: h.db, events: h.client });
    expect(unknown.status).toBe(404);
  });

  it("serves an OpenAPI 3.1 document listing every path", async () => {
    const res = await handleRestRequest(new Request("http://baton.test/api/v1/openapi.json"), { db: h.db, events: h.client });
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text());
    expect(doc.openapi).toBe("3.1.0");
    for (const route of restRoutes) expect(doc.paths[`/api/v1${route.path}`]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    expect(doc.paths["/api/v1/processes/{slug}/runs"].post.requestBody.content["application/json"].schema.properties).toHaveProperty("idempotencyKey");
    const runSchema = doc.paths["/api/v1/runs/{runId}"].get.responses["200"].content["application/json"].schema;
    expect(runSchema.properties.steps.type).toBe("array");
    expect(runSchema.properties.steps.items.properties).toMatchObject({ reused: { type: "boolean" }, reusedFromRunId: { type: ["string", "null"] } });
    expect(runSchema.properties.steps.items.required).toEqual(expect.arrayContaining(["reused", "reusedFromRunId"]));
    expect(runSchema.properties.totals.properties).toHaveProperty("reusedCostUsd");
    const listParams = doc.paths["/api/v1/runs"].get.parameters as Array<{ name: string; in: string; schema: { enum?: string[] } }>;
    expect(listParams.map((p) => p.name)).toEqual(expect.arrayContaining(["process", "version", "status", "trigger", "node", "from", "to", "minCost", "maxCost", "search", "kind", "cursor", "limit"]));
    expect(listParams.find((p) => p.name === "kind")?.schema.enum).toEqual(["run", "test", "dataset", "all"]);
    expect(doc.paths["/api/v1/runs"].get.responses["200"].content["application/json"].schema.properties).toHaveProperty("nextCursor");
    expect(listParams.find((p) => p.name === "status")?.schema.enum).toEqual(expect.arrayContaining(["queued", "waiting", "completed", "failed"]));
    expect(doc.paths["/api/v1/processes"].post.requestBody.content["application/json"].schema.properties.graph).toEqual({ $ref: "#/components/schemas/ProcessGraph" });
    expect(doc.components.schemas.ProcessGraph.$ref).toBe("http://baton.test/api/v1/schema/process-graph.json");
  });

  it("serves the process graph JSON Schema without an API key, and imports files that cite it", async () => {
    const res = await handleRestRequest(new Request("http://baton.test/api/v1/schema/process-graph.json"), { db: h.db, events: h.client });
    expect(res.status).toBe(200);
    const schema = JSON.parse(await res.text());
    expect(schema).toMatchObject({ $id: "http://baton.test/api/v1/schema/process-graph.json", title: "Baton process graph" });
    const imported = await importProcess(h.db, { graph: { $schema: schema.$id, ...humanProcess("schema-cited") } });
    expect(imported).toMatchObject({ created: true, diagnostics: [] });
  });
});

describe("cron triggers", () => {
  it("a schedule becomes a cron-triggered function in the engine; bad schedules and inputs are refused", async () => {
    const bad = await call("POST", "/processes/rest-human/schedule", { key: keys.operator, body: { cron: "every day", input: { q: "x" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fieldErrors).toHaveProperty("cron");
    const badInput = await call("POST", "/processes/rest-human/schedule", { key: keys.operator, body: { cron: "0 9 * * *", input: { q: 1 } } });
    expect(badInput.status).toBe(400);
    const ok = await call("POST", "/processes/rest-human/schedule", { key: keys.operator, body: { cron: "0 9 * * *", input: { q: "daily" } } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ cron: "0 9 * * *", resynced: true });
    const crons = await waitFor(async () => {
      const rows = await h.db.engineCron.findMany();
      return rows.find((r) => r.functionId.endsWith("rest-human-schedule"));
    }, "cron registered");
    expect(crons.schedule).toBe("0 9 * * *");
    expect((await call("GET", "/processes/rest-human", { key: keys.reviewer })).body.schedule).toEqual({ cron: "0 9 * * *", input: { q: "daily" } });
    await call("POST", "/processes/rest-human/schedule", { key: keys.operator, body: { cron: null } });
    await waitFor(async () => !(await h.db.engineCron.findMany()).some((r) => r.functionId.endsWith("rest-human-schedule")), "cron removed");
  });
});
