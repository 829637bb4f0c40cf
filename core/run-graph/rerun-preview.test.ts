import { describe, expect, it } from "vitest";
import { compileGraph } from "../compiler/compile-graph";
import { exampleContext } from "../examples";
import { supportTriage } from "../examples/support-triage";
import { deriveRunGraphState, type RunGraphStep } from "./run-graph-state";
import { previewRerun, rerunStartNodes } from "./rerun-preview";

const input = { ticket: { id: "T-1", subject: "Refund", body: "Charged twice", customerEmail: "a@example.com", plan: "pro" } };
const step = (nodeId: string, output: unknown, costUsd = 0.01): RunGraphStep => ({ nodeId, stepId: nodeId, attempt: 1, status: "succeeded", output, costUsd, latencyMs: 100, reused: false });

const compiled = compileGraph(supportTriage, exampleContext);
if (!compiled.ok) throw new Error("support-triage must compile");
const order = compiled.plan.steps.map((s) => s.id);

// A completed run: classify → routine → billing → draft (unsure) → review approved → send-reply.
const done = deriveRunGraphState(supportTriage, {
  status: "completed",
  input,
  steps: [
    step("classify", { category: "billing", urgency: "normal", confidence: 0.9, summary: "double charge" }, 0.02),
    step("draft", { reply: "Sorry", confidence: 0.4 }),
    step("send-reply", { messageId: "m1", status: "sent" }),
  ],
  escalations: [{ id: "esc_1", nodeId: "review", status: "resolved", decision: "approve" }],
});

describe("previewRerun", () => {
  it("from the draft: the classification is reused with this run's figures, the draft is next, nothing after it has run", () => {
    const p = previewRerun(supportTriage, done, order, "draft");
    expect(p.reused).toEqual(["classify"]);
    expect(p.state.nodes.classify).toMatchObject({ state: "reused", costUsd: 0.02 });
    expect(p.state.nodes.draft).toMatchObject({ state: "queued", costUsd: 0, attempts: 0 });
    expect(p.state.nodes.review!.state).toBe("not_reached");
    expect(p.state.nodes["send-reply"]!.state).toBe("not_reached");
    expect(p.state.nodes.ticket!.state).toBe("succeeded");
    // Routers are decided again from the (possibly edited) input.
    expect(p.state.nodes["route-urgency"]!.state).toBe("not_reached");
    expect([...p.state.takenEdges]).toEqual(["e-ticket-classify"]);
  });

  it("from the step after a person's decision: the decision is reused too, in plan order", () => {
    const p = previewRerun(supportTriage, done, order, "send-reply");
    expect(p.reused).toEqual(["classify", "draft", "review"]);
    expect(p.state.nodes.review).toMatchObject({ state: "reused", decision: "approve" });
    expect(p.state.nodes["send-reply"]!.state).toBe("queued");
    // escalate never ran in this run: a new input may reach it, so it is not reused.
    expect(p.state.nodes.escalate!.state).toBe("not_reached");
  });

  it("from the first step nothing is reused; the trigger is not a start node", () => {
    expect(previewRerun(supportTriage, done, order, "classify").reused).toEqual([]);
    const starts = rerunStartNodes(supportTriage, order);
    expect(starts[0]).toBe("classify");
    expect(starts).not.toContain("ticket");
    expect(starts).toEqual(order.filter((id) => id !== "ticket"));
  });
});
