import { describe, expect, it } from "vitest";
import { compileGraph } from "../compiler/compile-graph";
import { FakePort } from "../testing/fake-port";
import { FakeServices } from "../testing/fake-services";
import { baseGraph, tiers } from "../testing/graphs";
import { interpretPlan } from "./interpret-plan";

const input = { ticket: { id: "T-1", body: "My invoice is wrong" }, priority: 2 };
function plan() {
  const r = compileGraph(baseGraph(), tiers);
  if (!r.ok) throw new Error("baseGraph must compile");
  return r.plan;
}
const services = () =>
  new FakeServices(
    { classify: () => ({ category: "a", confidence: 0.9, urgent: false, score: 3 }), draft: () => ({ text: "Hello" }) },
    { lookup: () => ({ status: "open" }) },
  );

describe("interpretPlan: pinned outputs (designer test runs)", () => {
  it("returns the pinned output of an LLM and a tool step without calling them, through the same step ids, at no cost", async () => {
    const s = services();
    const port = new FakePort();
    const r = await interpretPlan(plan(), {
      runId: "run_t",
      input,
      port,
      services: s,
      pinned: { classify: { category: "a", confidence: 0.5, urgent: true, score: 1 }, lookup: { status: "pinned-status" } },
    });
    expect(r).toMatchObject({ status: "completed", output: { category: "a" } });
    // Same ids as an unpinned run, so a replay asks for the same steps.
    expect(port.ids).toEqual(["classify", "lookup", "draft"]);
    // Only the unpinned step called its model; the tool was not called at all.
    expect(s.modelCalls.map((c) => c.nodeId)).toEqual(["draft"]);
    expect(s.toolCalls).toHaveLength(0);
    // Downstream steps read the pinned values.
    expect(s.modelCalls[0]!.prompt).toBe("Write about a given pinned-status");
    expect(r.state.steps.classify).toMatchObject({ output: { confidence: 0.5, urgent: true } });
  });

  it("routes on a pinned value like on a real one", async () => {
    const s = services();
    const r = await interpretPlan(plan(), { runId: "run_t", input, port: new FakePort(), services: s, pinned: { classify: { category: "c", confidence: 1, urgent: false, score: 0 } } });
    expect(r).toMatchObject({ status: "completed", output: { category: "c" } });
    expect(s.modelCalls).toHaveLength(0);
  });

  it("checks a pinned value against the step's current output contract (a stale pin fails visibly)", async () => {
    const r = await interpretPlan(plan(), { runId: "run_t", input, port: new FakePort(), services: services(), pinned: { classify: { category: 42 } } });
    expect(r.status).toBe("failed");
    expect(r.status === "failed" && r.error).toMatchObject({ code: "contract-mismatch" });
  });

  it("calls every step when nothing is pinned", async () => {
    const s = services();
    await interpretPlan(plan(), { runId: "run_t", input, port: new FakePort(), services: s });
    expect(s.modelCalls.map((c) => c.nodeId)).toEqual(["classify", "draft"]);
    expect(s.toolCalls).toHaveLength(1);
  });
});
