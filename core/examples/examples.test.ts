import { describe, expect, it } from "vitest";
import { compileGraph } from "../compiler/compile-graph";
import type { DataSchema } from "../contracts/data-schema";
import { interpretPlan } from "../interpreter/interpret-plan";
import type { StepServices } from "../interpreter/ports";
import { FakePort } from "../testing/fake-port";
import { sampleFromSchema } from "../testing/sample";
import { validateGraph } from "../validation/validate-graph";
import { exampleContext, exampleGraphs } from "./index";

/** Schema-valid outputs for every model and tool call, with per-node overrides. */
function simulator(overrides: Record<string, Record<string, unknown>> = {}): StepServices {
  return {
    callModel: async (r) => ({ output: sampleFromSchema(r.schema, overrides[r.nodeId]), usage: { inputTokens: 500, outputTokens: 100 }, costUsd: 0.001 }),
    callTool: async (r) => {
      const graph = Object.values(exampleGraphs).find((g) => g.nodes.some((n) => n.id === r.nodeId && n.kind === "tool"))!;
      const tool = graph.nodes.find((n) => n.id === r.nodeId && n.kind === "tool");
      const schema = (tool as { contract: { outputSchema: DataSchema } }).contract.outputSchema;
      return { output: sampleFromSchema(schema, overrides[r.nodeId]) };
    },
    now: () => 0,
  };
}

describe("seeded examples", () => {
  it.each(Object.keys(exampleGraphs))("%s validates with zero errors and compiles", (slug) => {
    const graph = exampleGraphs[slug as keyof typeof exampleGraphs];
    expect(validateGraph(graph, exampleContext).filter((d) => d.severity === "error")).toEqual([]);
    expect(compileGraph(graph, exampleContext).ok).toBe(true);
  });

  it("needs its tiers: without them the examples do not compile", () => {
    const result = compileGraph(exampleGraphs["support-triage"], { tiers: {} });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.code === "tier-unconfigured")).toBe(true);
  });

  const planOf = (slug: keyof typeof exampleGraphs) => compileGraph(exampleGraphs[slug], exampleContext).plan!;

  it("support-triage drafts and sends a confident reply", async () => {
    const port = new FakePort();
    const r = await interpretPlan(planOf("support-triage"), {
      runId: "run_t",
      port,
      services: simulator({ classify: { urgency: "normal" } }),
      input: { ticket: { id: "T-9", subject: "Refund", body: "Charged twice", customerEmail: "a@b.c", plan: "pro" } },
    });
    expect(r).toMatchObject({ status: "completed", endNodeId: "replied", output: { status: "replied", category: "billing" } });
    expect(port.ids).toEqual(["classify", "draft", "send-reply"]);
  });

  it("support-triage sends an unsure draft to review", async () => {
    const port = new FakePort({ "review/decision": { decision: "edit", output: { reply: "Edited", confidence: 1 } } });
    const services = simulator({ classify: { urgency: "low" }, draft: { confidence: 0.4 } });
    const r = await interpretPlan(planOf("support-triage"), {
      runId: "run_t",
      port,
      services,
      input: { ticket: { id: "T-9", subject: "Refund", body: "Charged twice", customerEmail: "a@b.c", plan: "pro" } },
    });
    expect(r).toMatchObject({ status: "completed", endNodeId: "replied" });
  });

  it("invoice-reconciliation sends a mismatch to a reviewer", async () => {
    const port = new FakePort({ "review/decision": { decision: "hold", actor: "controller" } });
    const r = await interpretPlan(planOf("invoice-reconciliation"), {
      runId: "run_i",
      port,
      services: simulator({ "match-po": { result: "amount_mismatch" } }),
      input: { vendorId: "V-1", invoiceText: "INVOICE 42 ..." },
    });
    expect(r).toMatchObject({ status: "completed", endNodeId: "on-hold" });
    expect(port.ids).toEqual(["extract", "match-po", "review/decision", "review/escalate"]);
  });

  it("orchestrated-task plans, dispatches agents in parallel inside a bounded loop and closes", async () => {
    const port = new FakePort();
    const r = await interpretPlan(planOf("orchestrated-task"), {
      runId: "run_o",
      port,
      services: simulator({ close: { confidence: 0.95 } }),
      input: { requestId: "R-1", request: "Compare vendors", requester: "ops", priority: "normal" },
    });
    expect(r).toMatchObject({ status: "completed", output: { status: "done", iterations: 1 } });
    expect([...port.ids].sort()).toEqual(["close", "data-agent#1", "intake", "plan", "research-agent#1"]);
  });

  it("orchestrated-task escalates closure when confidence is low", async () => {
    const port = new FakePort({ "close/review/decision": { decision: "approve", actor: "op" } });
    const r = await interpretPlan(planOf("orchestrated-task"), {
      runId: "run_o",
      port,
      services: simulator({ close: { confidence: 0.5 } }),
      input: { requestId: "R-1", request: "Compare vendors", requester: "ops", priority: "normal" },
    });
    expect(r.status).toBe("completed");
    expect(port.sent[0]!.data).toMatchObject({ role: "operator", stepId: "close/review" });
  });
});
