/**
 * Every real HTTP tool call carries an `Idempotency-Key` derived from run id + step id, the same on
 * a retry of the step (and so on a re-execution after a crash, which replays the same ids), so a
 * downstream API can de-duplicate Baton's at-least-once steps. A real local HTTP server receives it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ProcessGraph } from "@/core";
import { getRun, startRun } from "@/server/runs/runs.service";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "./testing/runtime-harness";
import { publishGraph } from "./testing/graphs";

describeEachDatabase("tool calls send an Idempotency-Key", (get) => {
  let h: RuntimeHarness;
  let server: Server;
  let url = "";
  const hits: Array<{ path: string; key: string | undefined }> = [];

  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        hits.push({ path: req.url ?? "", key: req.headers["idempotency-key"] as string | undefined });
        // The first call to /flaky fails: the step is retried and must send the same key again.
        const fail = req.url?.startsWith("/flaky") && hits.filter((x) => x.path === req.url).length === 1;
        res.writeHead(fail ? 503 : 200, { "content-type": "application/json" });
        res.end(JSON.stringify(fail ? { error: "busy" } : { status: "ok" }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  const graph = (slug: string, path: string): ProcessGraph => ({
    slug,
    name: `Idempotent ${slug}`,
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
      {
        id: "charge",
        kind: "tool",
        name: "Charge",
        policy: { retries: 2, backoff: { kind: "fixed", initial: "1s" } },
        contract: {
          name: "test.charge",
          method: "POST",
          url: `${url}${path}/{{ input.id }}`,
          inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
          outputSchema: { type: "object", required: ["status"], properties: { status: { type: "string" } } },
        },
        input: { id: "{{ input.id }}" },
      },
      { id: "done", kind: "end", name: "Done", output: { status: "{{ steps.charge.output.status }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "charge" },
      { id: "e2", source: "charge", target: "done" },
    ],
  });

  const finished = (runId: string) =>
    waitFor(async () => {
      const run = await getRun(h.db, { runId });
      return ["completed", "failed", "cancelled"].includes(run.status) ? run : undefined;
    }, `run ${runId} to finish`, 30_000);

  it("is run id + step id, identical on the retry of a failed call, different for another run", async () => {
    await publishGraph(h.db, graph("idem-flaky", "/flaky"));
    const a = await startRun(h.db, { slug: "idem-flaky", input: { id: "A" }, trigger: "api" }, h.deps);
    expect((await finished(a.runId)).status).toBe("completed");
    const callsA = hits.filter((x) => x.path === "/flaky/A");
    expect(callsA).toHaveLength(2);
    expect(callsA.map((c) => c.key)).toEqual([`${a.runId}:charge`, `${a.runId}:charge`]);

    const b = await startRun(h.db, { slug: "idem-flaky", input: { id: "B" }, trigger: "api" }, h.deps);
    expect((await finished(b.runId)).status).toBe("completed");
    const callsB = hits.filter((x) => x.path === "/flaky/B");
    expect(callsB.map((c) => c.key)).toEqual([`${b.runId}:charge`, `${b.runId}:charge`]);
  }, 60_000);
});
