/**
 * The rerun preview the run page shows (core/run-graph previewRerun over the run graph's plan
 * order) names exactly the steps the runtime then reuses: a rerun from a node with an edited
 * input shows those nodes "reused", runs from the chosen node on, and pays nothing for them.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { resolveEscalation } from "@/server/escalations/escalations.service";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { deriveRunGraphState, previewRerun } from "@/core/run-graph";
import type { Edge, Node } from "@/core/graph";
import { getRun, rerunFromNode, startRun } from "./runs.service";
import { getRunGraph } from "./run-graph.presenter";

// The simulator's `low_confidence` marker makes the draft unsure, so the run waits at `review`.
const unsure = { ticket: { id: "T-3", subject: "Refund", body: "Billing question, normal priority: I was charged twice. __simulate: low_confidence", customerEmail: "a@example.com", plan: "pro" } };

async function stateOf(h: RuntimeHarness, runId: string) {
  const [run, view] = await Promise.all([getRun(h.db, { runId }), getRunGraph(h.db, { runId })]);
  const graph = view.graph as { nodes: Node[]; edges: Edge[] };
  return { run, view, graph, state: deriveRunGraphState(graph, { status: run.status, input: run.input, steps: run.steps, escalations: view.escalations, children: view.children }) };
}

describeEachDatabase("rerun preview", (get) => {
  let h: RuntimeHarness;
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get() });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("the steps the preview marks reused are the ones the rerun reuses; they cost the rerun nothing", async () => {
    const { runId } = await startRun(h.db, { slug: "support-triage", input: unsure, trigger: "api" }, { events: h.client });
    await waitFor(async () => (await getRun(h.db, { runId })).status === "waiting", "waiting");
    const esc = (await getRunGraph(h.db, { runId })).escalations.find((e) => e.status === "open")!;
    await resolveEscalation(h.db, { id: esc.id, decision: "approve", actor: { role: "reviewer", label: "r" } }, { events: h.client });
    await waitFor(async () => (await getRun(h.db, { runId })).status === "completed", "completed");

    const source = await stateOf(h, runId);
    expect(source.view.stepOrder.slice(0, 2)).toEqual(["ticket", "classify"]);
    const preview = previewRerun(source.graph, source.state, source.view.stepOrder, "send-reply");
    expect(preview.reused).toEqual(["classify", "draft", "review"]);

    const edited = { ticket: { ...unsure.ticket, subject: "Refund, edited" } };
    const { runId: rerunId } = await rerunFromNode(h.db, { runId, fromNodeId: "send-reply", input: edited }, { events: h.client });
    await waitFor(async () => (await getRun(h.db, { runId: rerunId })).status === "completed", "rerun completed");
    const rerun = await stateOf(h, rerunId);
    expect(rerun.run.input).toEqual(edited);
    for (const id of preview.reused) expect(rerun.state.nodes[id]!.state, id).toBe("reused");
    expect(rerun.state.nodes["send-reply"]!.state).toBe("succeeded");
    // The reused calls and the decision are listed (from the source run) but not billed again.
    const reusedSteps = rerun.run.steps.filter((s) => s.reused);
    expect(new Set(reusedSteps.map((s) => s.nodeId))).toEqual(new Set(preview.reused));
    expect(reusedSteps.every((s) => s.reusedFromRunId === runId)).toBe(true);
    expect(rerun.run.totals.reusedCostUsd).toBeGreaterThan(0);
    expect(rerun.run.steps.filter((s) => !s.reused).map((s) => s.nodeId)).toEqual(["send-reply"]);
  }, 120_000);
});
