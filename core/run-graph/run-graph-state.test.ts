import { describe, expect, it } from "vitest";
import { supportTriage } from "../examples/support-triage";
import { loopGraph, parallelGraph } from "../testing/graphs";
import { deriveRunGraphState, type RunGraphStep } from "./run-graph-state";

const input = { ticket: { id: "T-1", subject: "Refund", body: "Charged twice", customerEmail: "a@example.com", plan: "pro" } };

function step(nodeId: string, status: string, output: unknown = null, extra: Partial<RunGraphStep> = {}): RunGraphStep {
  return { nodeId, stepId: nodeId, attempt: 1, status, output, costUsd: 0.01, latencyMs: 100, reused: false, ...extra };
}

const classified = step("classify", "succeeded", { category: "billing", urgency: "normal", confidence: 0.9, summary: "double charge" });
const unsureDraft = step("draft", "succeeded", { reply: "Sorry", confidence: 0.4 });

describe("deriveRunGraphState", () => {
  it("a run waiting for a person: the human node waits, routers show value and branch, the path taken is highlighted", () => {
    const s = deriveRunGraphState(supportTriage, {
      status: "waiting",
      input,
      steps: [classified, unsureDraft],
      escalations: [{ id: "esc_1", nodeId: "review", status: "open", decision: null }],
    });
    expect(s.nodes.ticket!.state).toBe("succeeded");
    expect(s.nodes.classify!.state).toBe("succeeded");
    expect(s.nodes["route-urgency"]).toMatchObject({ state: "succeeded", routedValue: "normal" });
    expect(s.nodes["route-category"]).toMatchObject({ state: "succeeded", routedValue: "billing" });
    expect(s.nodes["check-confidence"]).toMatchObject({ state: "succeeded", routedValue: 0.4 });
    expect(s.nodes.review!.state).toBe("waiting");
    expect(s.nodes["send-reply"]!.state).toBe("not_reached");
    // Reachable later by a "reject": not skipped yet.
    expect(s.nodes.escalate!.state).toBe("not_reached");
    expect([...s.takenEdges].sort()).toEqual(["e-category-known", "e-classify-urgency", "e-draft-check", "e-ticket-classify", "e-unsure", "e-urgency-routine"]);
  });

  it("after an approve the run finishes along the approve edge; the alternatives are skipped", () => {
    const s = deriveRunGraphState(supportTriage, {
      status: "completed",
      input,
      steps: [classified, unsureDraft, step("send-reply", "succeeded", { messageId: "m1", status: "sent" })],
      escalations: [{ id: "esc_1", nodeId: "review", status: "resolved", decision: "approve" }],
    });
    expect(s.nodes.review).toMatchObject({ state: "succeeded", decision: "approve" });
    expect(s.nodes["send-reply"]!.state).toBe("succeeded");
    expect(s.nodes.replied!.state).toBe("succeeded");
    expect(s.nodes.escalate!.state).toBe("skipped");
    // Reachable only through a skipped node: skipped too.
    expect(s.nodes.escalated!.state).toBe("skipped");
    expect(s.takenEdges.has("e-review-approve")).toBe(true);
    expect(s.takenEdges.has("e-review-reject")).toBe(false);
    expect(s.takenEdges.has("e-confident")).toBe(false);
    expect(s.takenEdges.has("e-send-replied")).toBe(true);
  });

  it("the branch label: a routine ticket's urgency router names the branch it took", () => {
    const s = deriveRunGraphState(supportTriage, { status: "running", input, steps: [step("classify", "succeeded", { category: "other", urgency: "low", confidence: 1, summary: "" })], escalations: [] });
    expect(s.nodes["route-category"]).toMatchObject({ routedValue: "other", branch: "unmatched" });
    expect(s.nodes.escalate!.state).toBe("queued");
    expect(s.nodes.draft!.state).toBe("skipped");
    // Everything only reachable through the skipped draft is skipped; the end after escalate is not.
    expect(s.nodes["check-confidence"]!.state).toBe("skipped");
    expect(s.nodes.review!.state).toBe("skipped");
    expect(s.nodes.replied!.state).toBe("skipped");
    expect(s.nodes.escalated!.state).toBe("not_reached");
  });

  it("a failed step is failed even after earlier attempts, a retry that succeeded is succeeded, and costs add up per node", () => {
    const failed = deriveRunGraphState(supportTriage, {
      status: "failed",
      input,
      steps: [step("classify", "failed", null, { attempt: 1 }), step("classify", "failed", null, { attempt: 2 })],
      escalations: [],
    });
    expect(failed.nodes.classify).toMatchObject({ state: "failed", attempts: 2, costUsd: 0.02, latencyMs: 200 });
    expect(failed.nodes["route-urgency"]!.state).toBe("not_reached");
    expect(failed.takenEdges.has("e-classify-urgency")).toBe(false);

    const retried = deriveRunGraphState(supportTriage, {
      status: "running",
      input,
      steps: [step("classify", "failed", null, { attempt: 1 }), { ...classified, attempt: 2 }],
      escalations: [],
    });
    expect(retried.nodes.classify!.state).toBe("succeeded");
    expect(retried.nodes["route-urgency"]!.routedValue).toBe("normal");
  });

  it("a queued run shows only the trigger queued; a rerun's reused steps show as reused and cost nothing here", () => {
    const queued = deriveRunGraphState(supportTriage, { status: "queued", input, steps: [], escalations: [] });
    expect(queued.nodes.ticket!.state).toBe("queued");
    expect(queued.nodes.classify!.state).toBe("not_reached");

    const rerun = deriveRunGraphState(supportTriage, { status: "running", input, steps: [{ ...classified, reused: true }], escalations: [] });
    expect(rerun.nodes.classify).toMatchObject({ state: "reused", costUsd: 0 });
    expect(rerun.nodes.draft!.state).toBe("queued");
  });

  it("a cancelled run leaves no node waiting", () => {
    const s = deriveRunGraphState(supportTriage, {
      status: "cancelled",
      input,
      steps: [classified, unsureDraft],
      escalations: [{ id: "esc_1", nodeId: "review", status: "cancelled", decision: null }],
    });
    expect(Object.values(s.nodes).map((n) => n.state)).not.toContain("waiting");
    expect(s.nodes.review!.state).toBe("skipped");
  });

  it("loops count their iterations and take the loop-back edge only when they repeated", () => {
    const s = deriveRunGraphState(loopGraph(), {
      status: "completed",
      input: {},
      steps: [step("work", "succeeded", { ok: false }, { stepId: "work#1" }), step("work", "succeeded", { ok: true }, { stepId: "work#2" })],
      escalations: [],
    });
    expect(s.nodes.repeat).toMatchObject({ state: "succeeded", iterations: 2 });
    expect(s.nodes.done!.state).toBe("succeeded");
    expect([...s.takenEdges].sort()).toEqual(["e1", "e2", "e3", "e4"]);

    const once = deriveRunGraphState(loopGraph(), { status: "completed", input: {}, steps: [step("work", "succeeded", { ok: true }, { stepId: "work#1" })], escalations: [] });
    expect(once.nodes.repeat!.iterations).toBe(1);
    expect(once.takenEdges.has("e3")).toBe(false);
  });

  it("parallel branches run side by side: one done, one running", () => {
    const s = deriveRunGraphState(parallelGraph(), { status: "running", input: {}, steps: [step("left", "succeeded", { value: "l" }), step("right", "running")], escalations: [] });
    expect(s.nodes.fan!.state).toBe("succeeded");
    expect(s.nodes.left!.state).toBe("succeeded");
    expect(s.nodes.right!.state).toBe("running");
    expect(s.takenEdges.has("e2") && s.takenEdges.has("e3")).toBe(true);
  });

  it("a sub-process node links to its child run and takes its state", () => {
    const graph = {
      nodes: [
        { id: "start", kind: "trigger" as const, name: "Start", inputSchema: { type: "object" as const, properties: {} } },
        { id: "child", kind: "subprocess" as const, name: "Child", process: "kid", input: {} },
        { id: "done", kind: "end" as const, name: "Done" },
      ],
      edges: [
        { id: "e1", source: "start", target: "child" },
        { id: "e2", source: "child", target: "done" },
      ],
    };
    const running = deriveRunGraphState(graph, { status: "running", input: {}, steps: [], escalations: [], children: [{ id: "run_kid", process: "kid", status: "running" }] });
    expect(running.nodes.child).toMatchObject({ state: "running", childRunId: "run_kid" });
    expect(running.nodes.done!.state).toBe("not_reached");
    const done = deriveRunGraphState(graph, { status: "completed", input: {}, steps: [], escalations: [], children: [{ id: "run_kid", process: "kid", status: "completed" }] });
    expect(done.nodes.child!.state).toBe("succeeded");
    expect(done.nodes.done!.state).toBe("succeeded");
  });
});
