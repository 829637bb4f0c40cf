import { beforeAll, expect, it } from "vitest";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { getNodeAnalytics } from "@/server/analytics/node-analytics.presenter";
import { insertFixture, type Fixture } from "@/server/analytics/testing/fixture";
import { describeEachDatabase } from "@/server/testing/databases";
import { buildOpenApiDocument } from "./openapi";
import { handleRestRequest } from "./rest-handler";

describeEachDatabase("REST analytics", (get) => {
  let fx: Fixture;
  let key = "";
  beforeAll(async () => {
    fx = await insertFixture(get().handle.db, "beta");
    key = (await createApiKey(get().handle.db, { name: "r", role: "reviewer", createdById: null })).key;
  });
  // Analytics routes never send events; a sender that refuses proves it.
  const deps = () => ({ db: get().handle.db, events: { send: async () => Promise.reject(new Error("no events expected")) } });
  const call = (path: string) => handleRestRequest(new Request(`http://baton.test/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } }), deps());
  const window = () => `range=custom&from=${new Date(fx.now.getTime() - 30 * 864e5).toISOString()}&to=${fx.now.toISOString()}`;

  it("GET /analytics/processes/{slug} and /nodes answer with the presenters' figures", async () => {
    const proc = await call(`/analytics/processes/beta?${window()}&version=2`);
    expect(proc.status).toBe(200);
    const body = (await proc.json()) as { scope: { version: number }; figures: { runs: number } };
    const v2 = fx.runs.filter((r) => r.processId === fx.processId && r.version === 2 && r.createdAt < fx.now).length;
    expect(body.scope.version).toBe(2);
    expect(body.figures.runs).toBe(v2);

    const nodes = await call(`/analytics/processes/beta/nodes?${window()}`);
    expect(nodes.status).toBe(200);
    const expected = await getNodeAnalytics(get().handle.db, { slug: "beta", range: "custom", from: new Date(fx.now.getTime() - 30 * 864e5), to: fx.now });
    const json = (await nodes.json()) as { nodes: Array<{ nodeId: string; calls: number }> };
    expect(json.nodes.map((n) => [n.nodeId, n.calls])).toEqual(expected.nodes.map((n) => [n.nodeId, n.calls]));
    expect(json.nodes.find((n) => n.nodeId === "draft")!.calls).toBeGreaterThan(0);
  });

  it("?format=csv exports the node table", async () => {
    const res = await call(`/analytics/processes/beta/nodes?${window()}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain("beta-nodes.csv");
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^node_id,name,kind,calls,/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["classify", "draft", "review", "send"]);
  });

  it("bad ranges and unknown processes get specific errors", async () => {
    const noEnd = await call(`/analytics/processes/beta?range=custom&from=2026-01-01`);
    expect(noEnd.status).toBe(400);
    expect(JSON.stringify(await noEnd.json())).toContain("A custom range needs an end date (to).");
    expect((await call(`/analytics/processes/beta?range=1y`)).status).toBe(400);
    expect((await call(`/analytics/processes/nope/nodes`)).status).toBe(404);
  });

  it("the OpenAPI document lists both endpoints with their query parameters and CSV", () => {
    const paths = buildOpenApiDocument().paths as Record<string, { get: { parameters: Array<{ name: string }>; responses: Record<string, { content: Record<string, unknown> }> } }>;
    for (const p of ["/api/v1/analytics/processes/{slug}", "/api/v1/analytics/processes/{slug}/nodes"]) {
      expect(paths[p]!.get.parameters.map((x) => x.name)).toEqual(["slug", "range", "from", "to", "version", "format"]);
      expect(Object.keys(paths[p]!.get.responses["200"]!.content)).toEqual(["application/json", "text/csv"]);
    }
  });
});
