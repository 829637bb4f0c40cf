/**
 * Graph size through the real REST handler: a graph over the cap is refused with a 400 that names
 * the limit and nothing is saved; a graph at the cap is saved, read back and published.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { GRAPH_LIMITS } from "@/core";
import { chainGraph, nestedLoopsGraph } from "@/core/testing/large-graphs";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { handleRestRequest } from "@/server/rest/rest-handler";
import { startRuntimeHarness, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { describeEachDatabase } from "@/server/testing/databases";

describeEachDatabase("graph size limits", (get) => {
  let h: RuntimeHarness;
  let key = "";
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
    key = (await createApiKey(h.db, { name: "op", role: "operator", createdById: null })).key;
  });
  afterAll(async () => {
    await h?.close();
  });

  async function call(method: string, path: string, body?: unknown) {
    const req = new Request(`http://baton.test/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const res = await handleRestRequest(req, { db: h.db, events: h.client });
    return { status: res.status, body: (await res.json()) as any };
  }

  it("a 6,000-node graph gets a 400 naming the limit and is not saved", async () => {
    const res = await call("POST", "/processes", { graph: { ...chainGraph(6000), slug: "too-big" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`6000 nodes (at most ${GRAPH_LIMITS.nodes})`);
    expect((await call("GET", "/processes/too-big")).status).toBe(404);
    expect(await h.db.process.count({ where: { slug: "too-big" } })).toBe(0);
  });

  it("an over-the-cap graph does not replace a saved draft", async () => {
    expect((await call("POST", "/processes", { graph: { ...chainGraph(10), slug: "kept" } })).status).toBe(200);
    expect((await call("POST", "/processes", { graph: { ...chainGraph(GRAPH_LIMITS.nodes + 1), slug: "kept" } })).status).toBe(400);
    const read = await call("GET", "/processes/kept");
    expect(read.body.draft.nodes).toHaveLength(10);
  });

  it("a 2,000-node graph is saved, read back without errors and published", async () => {
    const saved = await call("POST", "/processes", { graph: { ...chainGraph(GRAPH_LIMITS.nodes), slug: "at-cap" } });
    expect(saved.status).toBe(200);
    expect(saved.body.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    const read = await call("GET", "/processes/at-cap");
    expect(read.status).toBe(200);
    expect(read.body.draft.nodes).toHaveLength(GRAPH_LIMITS.nodes);
    const published = await call("POST", "/processes/at-cap/publish");
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: "published", version: { version: 1 } });
  });

  it("loops nested 300 deep are saved and published", async () => {
    expect((await call("POST", "/processes", { graph: nestedLoopsGraph(300) })).status).toBe(200);
    const published = await call("POST", "/processes/nested-loops/publish");
    expect(published.status).toBe(200);
  });
});
