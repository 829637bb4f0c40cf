/**
 * The run event stream (GET /api/v1/runs/{runId}/events) against a real run on the embedded
 * engine: it pushes the run's changes while it waits for a person, ends when the run finishes,
 * and the run graph derived from the same reads shows the path the run took.
 */
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { resolveEscalation } from "@/server/escalations/escalations.service";
import { handleRestRequest } from "@/server/rest/rest-handler";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { deriveRunGraphState } from "@/core/run-graph";
import type { Edge, Node } from "@/core/graph";
import { getRun, startRun } from "./runs.service";
import { getRunGraph } from "./run-graph.presenter";

// The simulator's `low_confidence` marker makes the draft unsure, so the run waits at `review`.
const unsure = { ticket: { id: "T-3", subject: "Refund", body: "Billing question, normal priority: I was charged twice. __simulate: low_confidence", customerEmail: "a@example.com", plan: "pro" } };

type Frame = { event: string; data: Record<string, unknown> };

// A full collection on demand (the test below needs the Request object gone).
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Reads SSE frames from a streamed response as they arrive. */
function frames(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(timeoutMs = 20_000): Promise<Frame | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const cut = buffer.indexOf("\n\n");
        if (cut >= 0) {
          const raw = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const lines = raw.split("\n");
          const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
          const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
          if (event && data) return { event, data: JSON.parse(data) as Record<string, unknown> };
          continue;
        }
        if (Date.now() > deadline) throw new Error("no SSE frame in time");
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describeEachDatabase("run event stream", (get) => {
  let h: RuntimeHarness;
  let key = "";
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get() });
    key = (await createApiKey(h.db, { name: "reader", role: "reviewer", createdById: null })).key;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const open = (path: string, withKey = true, signal?: AbortSignal) =>
    handleRestRequest(new Request(`http://baton.test/api/v1${path}`, { headers: withKey ? { authorization: `Bearer ${key}` } : {}, signal }), { db: h.db, events: h.client });

  it("pushes the run's changes until it waits for a person, then its end once resolved", async () => {
    const { runId } = await startRun(h.db, { slug: "support-triage", input: unsure, trigger: "api" }, { events: h.client });
    const res = await open(`/runs/${runId}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const stream = frames(res);

    let last: Frame | null = null;
    while (!last || last.data.status !== "waiting") {
      last = await stream.next();
      expect(last?.event).toBe("run");
    }
    expect(last.data).toMatchObject({ runId, status: "waiting", openEscalations: 1 });
    expect(last.data.steps).toBeGreaterThanOrEqual(2);

    // The graph read and the pure state agree with the stream: the human node waits.
    const graph = await getRunGraph(h.db, { runId });
    const run = await getRun(h.db, { runId });
    const g = graph.graph as { nodes: Node[]; edges: Edge[] };
    const waiting = deriveRunGraphState(g, { status: run.status, input: run.input, steps: run.steps, escalations: graph.escalations });
    expect(waiting.nodes.review!.state).toBe("waiting");
    expect(waiting.nodes["check-confidence"]!.branch).toBeDefined();
    expect(waiting.takenEdges.has("e-unsure")).toBe(true);

    const esc = graph.escalations.find((e) => e.nodeId === "review" && e.status === "open")!;
    await resolveEscalation(h.db, { id: esc.id, decision: "approve", comment: "fine", actor: { role: "reviewer", label: "rita@example.com" } }, { events: h.client });

    const seen: Frame[] = [];
    for (let f = await stream.next(); f; f = await stream.next()) seen.push(f);
    // The stream closed by itself after `end`.
    expect(seen.at(-1)).toEqual({ event: "end", data: { runId, status: "completed" } });
    expect(seen.some((f) => f.event === "run" && f.data.status === "completed")).toBe(true);

    const done = await getRunGraph(h.db, { runId });
    const finished = await getRun(h.db, { runId });
    const state = deriveRunGraphState(done.graph as { nodes: Node[]; edges: Edge[] }, { status: finished.status, input: finished.input, steps: finished.steps, escalations: done.escalations });
    expect(state.nodes.review).toMatchObject({ state: "succeeded", decision: "approve" });
    expect(state.nodes["send-reply"]!.state).toBe("succeeded");
    expect(state.nodes.replied!.state).toBe("succeeded");
    expect(state.takenEdges.has("e-review-approve")).toBe(true);
    expect(done.escalations[0]).toMatchObject({ decision: "approve", resolvedBy: "rita@example.com", comment: "fine" });
    expect(done.escalations[0]!.resolvedAt).toBeInstanceOf(Date);
  }, 90_000);

  it("a finished run's stream sends its state and end at once; unknown runs are 404, no key is 401", async () => {
    const { runId } = await startRun(h.db, { slug: "support-triage", input: unsure, trigger: "api" }, { events: h.client });
    await waitFor(async () => (await getRun(h.db, { runId })).status === "waiting", "waiting");
    const graph = await getRunGraph(h.db, { runId });
    await resolveEscalation(h.db, { id: graph.escalations[0]!.id, decision: "reject", actor: { role: "reviewer", label: "r" } }, { events: h.client });
    // A reject goes to the operator's escalation: this run now waits there.
    await waitFor(async () => (await getRunGraph(h.db, { runId })).escalations.some((e) => e.nodeId === "escalate"), "second escalation");
    const cancelled = await handleRestRequest(
      new Request(`http://baton.test/api/v1/runs/${runId}/cancel`, { method: "POST", headers: { authorization: `Bearer ${(await createApiKey(h.db, { name: "op", role: "operator", createdById: null })).key}` } }),
      { db: h.db, events: h.client },
    );
    expect(cancelled.status).toBe(200);

    const stream = frames(await open(`/runs/${runId}/events`));
    expect(await stream.next()).toMatchObject({ event: "run", data: { status: "cancelled", openEscalations: 0 } });
    expect(await stream.next()).toEqual({ event: "end", data: { runId, status: "cancelled" } });
    expect(await stream.next()).toBeNull();

    expect((await open("/runs/run_nope/events")).status).toBe(404);
    expect((await open(`/runs/${runId}/events`, false)).status).toBe(401);

    const doc = (await (await open("/openapi.json", false)).json()) as { paths: Record<string, { get?: { responses: Record<string, { content: Record<string, unknown> }> } }> };
    expect(Object.keys(doc.paths["/api/v1/runs/{runId}/events"]!.get!.responses["200"]!.content)).toEqual(["text/event-stream"]);
  }, 90_000);

  it("stops when the client goes away", async () => {
    const { runId } = await startRun(h.db, { slug: "support-triage", input: unsure, trigger: "api" }, { events: h.client });
    const abort = new AbortController();
    const stream = frames(await open(`/runs/${runId}/events`, true, abort.signal));
    expect((await stream.next())?.event).toBe("run");
    await waitFor(async () => (await getRun(h.db, { runId })).status === "waiting", "waiting");
    // Nothing holds the Request any more: collect it (undici follows the caller's signal through a WeakRef to the
    // Request's own controller, so a collection used to cut the abort off, and the stream kept polling).
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    abort.abort();
    // The server stops polling and closes the body, although the run is still waiting.
    let f: Frame | null;
    do f = await stream.next(5_000);
    while (f && f.event === "run");
    expect(f).toBeNull();
    expect((await getRun(h.db, { runId })).status).toBe("waiting");
  }, 60_000);
});
