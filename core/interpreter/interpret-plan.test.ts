import { describe, expect, it } from "vitest";
import { compileGraph } from "../compiler/compile-graph";
import type { ExecutionPlan } from "../compiler/plan-schema";
import type { ProcessGraph } from "../graph/process-graph";
import type { NodeOf } from "../graph/nodes";
import { FakePort } from "../testing/fake-port";
import { FakeServices } from "../testing/fake-services";
import { estimateOf } from "../cost/cost";
import { baseGraph, humanGraph, loopGraph, parallelGraph, tiers } from "../testing/graphs";
import type { EscalationResolution } from "./escalation";
import { interpretPlan } from "./interpret-plan";

function plan(graph: ProcessGraph): ExecutionPlan {
  const result = compileGraph(graph, tiers);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.plan;
}
const node = <K extends NodeOf<any>["kind"]>(g: ProcessGraph, id: string, _k?: K) => g.nodes.find((n) => n.id === id) as NodeOf<K>;
const input = { ticket: { id: "T-1", body: "My invoice is wrong" }, priority: 2 };
const classified = (category = "a", confidence = 0.9) => ({ category, confidence, urgent: false, score: 3 });

function run(graph: ProcessGraph, services: FakeServices, port = new FakePort(), runInput: unknown = input) {
  return { port, result: interpretPlan(plan(graph), { runId: "run_1", input: runInput, port, services }) };
}

const happyServices = (over: Partial<Record<string, (r: any, n: number) => unknown>> = {}) =>
  new FakeServices(
    { classify: () => classified(), draft: () => ({ text: "Hello" }), ...over },
    { lookup: () => ({ status: "open" }) },
  );

describe("interpretPlan: routing and state", () => {
  it("routes on a typed enum and renders templates from run state", async () => {
    const services = happyServices();
    const { port, result } = run(baseGraph(), services);
    const r = await result;
    expect(r).toMatchObject({ status: "completed", endNodeId: "done", output: { category: "a" } });
    expect(port.ids).toEqual(["classify", "lookup", "draft"]);
    expect(services.modelCalls[0]).toMatchObject({ model: "openai/gpt-4.1-mini", prompt: "Classify: My invoice is wrong" });
    expect(services.modelCalls[1]!.prompt).toBe("Write about a given open");
    expect(services.toolCalls[0]).toMatchObject({
      url: "https://crm.example.com/tickets/T-1",
      headers: { Authorization: "Bearer {{ secrets.CRM_TOKEN }}" },
      input: { id: "T-1", count: 2, label: "a" },
    });
    expect(r.costUsd).toBeCloseTo(0.02);
  });

  it("takes the unmatched edge for values no branch handles", async () => {
    const { port, result } = run(baseGraph(), happyServices({ classify: () => classified("c") }));
    expect(await result).toMatchObject({ status: "completed", endNodeId: "done" });
    expect(port.ids).toEqual(["classify"]);
  });

  it("rejects input that does not fit the trigger schema, naming the field", async () => {
    const { result } = run(baseGraph(), happyServices(), new FakePort(), { ticket: { id: 5 } });
    const r = await result;
    expect(r.status).toBe("failed");
    if (r.status !== "failed") return;
    expect(r.error.code).toBe("input-invalid");
    expect(r.error.issues?.map((i) => i.path)).toEqual(["priority", "ticket.body", "ticket.id"]);
  });

  it("asks for the same step ids when replayed", async () => {
    const a = run(baseGraph(), happyServices());
    const b = run(baseGraph(), happyServices());
    await Promise.all([a.result, b.result]);
    expect(a.port.ids).toEqual(b.port.ids);
  });
});

describe("interpretPlan: contracts, repair, retries", () => {
  it("fails at the step with every difference and its path after one repair attempt", async () => {
    const bad = { category: "zzz", confidence: "high", urgent: false };
    const services = happyServices({ classify: () => bad });
    const { port, result } = run(baseGraph(), services);
    const r = await result;
    if (r.status !== "failed") throw new Error("expected failure");
    expect(r.error).toMatchObject({ code: "contract-mismatch", nodeId: "classify", stepId: "classify" });
    expect(r.error.issues?.map((i) => i.path)).toEqual(["score", "category", "confidence"]);
    expect(r.error.message).toContain('"category": expected enum("a" | "b" | "c"), got string "zzz"');
    expect(r.error.message).toContain('"score" is required but missing');
    expect(port.ids).toEqual(["classify", "classify/repair"]);
    expect(services.modelCalls).toHaveLength(2);
  });

  it("repairs an invalid LLM output once, showing the model what broke", async () => {
    const services = happyServices({ classify: (_r, n) => (n === 1 ? { category: "a" } : classified()) });
    const { port, result } = run(baseGraph(), services);
    expect((await result).status).toBe("completed");
    expect(port.ids.slice(0, 2)).toEqual(["classify", "classify/repair"]);
    expect(services.modelCalls[1]!.repair?.issues.map((i) => i.path)).toEqual(["confidence", "urgent", "score"]);
  });

  it("falls back along the model chain on provider errors, then retries with backoff", async () => {
    const g = baseGraph();
    Object.assign(node(g, "classify", "llm"), { fallbacks: [{ tier: "mid" }], policy: { retries: 1, backoff: { kind: "fixed", initial: "3s" } } });
    const services = happyServices({
      classify: (r) => {
        throw new Error(`${r.model} is rate limited`);
      },
    });
    const { port, result } = run(g, services);
    const r = await result;
    expect(port.ids).toEqual(["classify", "classify/call-2", "classify/backoff-1", "classify/call-3", "classify/call-4"]);
    expect(port.sleeps).toEqual([{ id: "classify/backoff-1", duration: "3s" }]);
    expect(services.modelCalls.map((c) => c.model)).toEqual([
      "openai/gpt-4.1-mini",
      "anthropic/claude-sonnet-4-5",
      "openai/gpt-4.1-mini",
      "anthropic/claude-sonnet-4-5",
    ]);
    expect(r).toMatchObject({ status: "failed", error: { code: "step-failed", nodeId: "classify" } });
  });

  it("follows the error edge when a step fails and one exists", async () => {
    const g = baseGraph();
    g.edges.push({ id: "e9", source: "lookup", target: "done", kind: "error" });
    const services = new FakeServices({ classify: () => classified() }, { lookup: () => ({ wrong: true }) });
    const r = await run(g, services).result;
    expect(r).toMatchObject({ status: "completed", endNodeId: "done" });
    expect(r.state.steps.lookup?.error?.code).toBe("contract-mismatch");
  });
});

describe("interpretPlan: budget", () => {
  const budgeted = (onBreach: "fail" | "fallback" | "branch" | "escalate") => {
    const g = baseGraph();
    g.settings = { budget: { perRunUsd: 0.01, onBreach } };
    if (onBreach === "branch") {
      g.edges.push({ id: "b1", source: "classify", target: "done", kind: "budget" });
      g.edges.push({ id: "b2", source: "draft", target: "done", kind: "budget" });
    }
    return g;
  };

  it("fails the run when the policy says fail", async () => {
    const r = await run(budgeted("fail"), happyServices()).result;
    expect(r).toMatchObject({ status: "failed", error: { code: "budget-exceeded", nodeId: "draft" } });
    if (r.status === "failed") expect(r.error.message).toContain("spent $0.01 of its $0.01 budget");
  });

  it("says which projected call breaks the budget, what it would cost and by how much", async () => {
    const g = baseGraph();
    g.settings = { budget: { perRunUsd: 0.25, onBreach: "fail" } };
    const services = happyServices();
    // 4 characters a token, $0.50 / $1.50 per million: a 3 MB ticket is ~750k input tokens.
    services.estimateCost = (req) => estimateOf({ inputTokens: Math.ceil(req.prompt.length / 4), outputTokens: 400 }, { inputPerM: 0.5, outputPerM: 1.5 });
    const huge = { ticket: { id: "T-1", body: "x".repeat(3_000_000) }, priority: 2 };
    const r = await run(g, services, new FakePort(), huge).result;
    expect(r).toMatchObject({ status: "failed", error: { code: "budget-exceeded", nodeId: "classify" } });
    if (r.status !== "failed") throw new Error("unreachable");
    expect(r.error.message).toBe(
      'Budget reached before calling openai/gpt-4.1-mini at step "classify": the projected call costs ~$0.3756 ' +
        "(≈ 750k input tokens at $0.50/1M + 400 output tokens at $1.50/1M); " +
        "the run has spent $0 of its $0.25 budget, and the call would take it to $0.3756, $0.1256 over.",
    );
    expect(services.modelCalls).toHaveLength(0);
  });

  it("falls back to the cheaper model", async () => {
    const services = happyServices();
    const r = await run(budgeted("fallback"), services).result;
    expect(r.status).toBe("completed");
    expect(services.modelCalls.map((c) => c.model)).toEqual(["openai/gpt-4.1-mini", "openai/gpt-4.1-mini"]);
  });

  it("takes the budget branch", async () => {
    const services = happyServices();
    const { port, result } = run(budgeted("branch"), services);
    expect(await result).toMatchObject({ status: "completed", endNodeId: "done" });
    expect(port.ids).toEqual(["classify", "lookup"]);
  });

  it("escalates and continues when a person approves the spend", async () => {
    const port = new FakePort({ "draft/budget/decision": { decision: "approve", actor: "ana" } });
    const { result } = run(budgeted("escalate"), happyServices(), port);
    expect((await result).status).toBe("completed");
    expect(port.sent[0]).toMatchObject({ name: "baton/escalation.requested", data: { escalationId: "run_1:draft/budget", role: "admin" } });
  });

  it("stops when the spend is rejected", async () => {
    const port = new FakePort({ "draft/budget/decision": { decision: "reject" } });
    const r = await run(budgeted("escalate"), happyServices(), port).result;
    expect(r).toMatchObject({ status: "failed", error: { code: "escalation-rejected" } });
  });

  it("enforces a step cap before each call", async () => {
    const g = baseGraph();
    node(g, "classify", "llm").policy = { budgetUsd: 0.005 };
    const services = happyServices({ classify: (_r, n) => (n === 1 ? { category: "a" } : classified()) });
    const r = await run(g, services).result;
    expect(r).toMatchObject({ status: "failed", error: { code: "budget-exceeded", stepId: "classify" } });
    expect(services.modelCalls).toHaveLength(1);
  });
});

describe("interpretPlan: loops and parallel branches", () => {
  it("caps a loop at maxIterations with iteration counters in step ids", async () => {
    const services = new FakeServices({ work: () => ({ ok: false }) });
    const { port, result } = run(loopGraph(), services, new FakePort(), { topic: "x" });
    expect(await result).toMatchObject({ status: "completed", output: { ok: false, rounds: 3 } });
    expect(port.ids).toEqual(["work#1", "work#2", "work#3"]);
    expect(services.modelCalls[2]!.prompt).toBe("Try #3 on x");
  });

  it("leaves the loop as soon as the exit condition holds", async () => {
    const services = new FakeServices({ work: (_r, n) => ({ ok: n === 2 }) });
    const { port, result } = run(loopGraph(), services, new FakePort(), { topic: "x" });
    expect(await result).toMatchObject({ status: "completed", output: { ok: true, rounds: 2 } });
    expect(port.ids).toEqual(["work#1", "work#2"]);
  });

  it("fails when the cap is reached and the loop says fail", async () => {
    const g = loopGraph();
    node(g, "repeat", "loop").onExhausted = "fail";
    const r = await run(g, new FakeServices({ work: () => ({ ok: false }) }), new FakePort(), { topic: "x" }).result;
    expect(r).toMatchObject({ status: "failed", error: { code: "loop-exhausted", nodeId: "repeat" } });
  });

  it("runs parallel branches and waits for all of them", async () => {
    const services = new FakeServices({}, { left: () => ({ value: "L" }), right: () => ({ value: "R" }) });
    const { port, result } = run(parallelGraph("all"), services, new FakePort(), {});
    expect(await result).toMatchObject({ status: "completed", output: { left: "L" } });
    expect([...port.ids].sort()).toEqual(["left", "right"]);
  });

  it("continues after the first branch with join any and abandons the rest", async () => {
    const g = parallelGraph("any");
    g.nodes.push({ ...structuredClone(g.nodes.find((n) => n.id === "right")!), id: "right2", name: "right2" });
    g.edges.find((e) => e.id === "e5")!.source = "right2";
    g.edges.push({ id: "e7", source: "right", target: "right2" });
    const services = new FakeServices({}, { left: () => ({ value: "L" }), right: () => ({ value: "R" }), right2: () => ({ value: "R2" }) });
    const callTool = services.callTool.bind(services);
    services.callTool = async (request) => {
      if (request.nodeId === "right") await new Promise((resolve) => setTimeout(resolve, 20));
      return callTool(request);
    };
    const { port, result } = run(g, services, new FakePort(), {});
    expect(await result).toMatchObject({ status: "completed", output: { left: "L" } });
    expect(port.ids).not.toContain("right2");
  });
});

describe("interpretPlan: human steps", () => {
  const draft = () => new FakeServices({ draft: () => ({ text: "draft text" }) });
  const decide = (d: EscalationResolution | null) => new FakePort({ "review/decision": d });

  it("approves: continues on the approve edge and records who decided", async () => {
    const port = decide({ decision: "approve", actor: "ana", comment: "fine" });
    const r = await run(humanGraph(), draft(), port, { q: "?" }).result;
    expect(r).toMatchObject({ status: "completed", endNodeId: "done", output: { text: "draft text", decision: "approve" } });
    expect(r.state.steps.review?.output).toEqual({ decision: "approve", output: { text: "draft text" }, comment: "fine", actor: "ana" });
    expect(port.waits[0]).toEqual({
      id: "review/decision",
      event: "baton/escalation.resolved",
      timeout: "1h",
      if: 'async.data.escalationId == "run_1:review"',
    });
    expect(port.sent[0]!.data).toMatchObject({
      escalationId: "run_1:review",
      role: "reviewer",
      proposedOutput: { text: "draft text" },
      context: { input: { q: "?" }, upstream: { draft: { text: "draft text" } } },
    });
  });

  it("edits: the edited output is validated and replaces the subject's output downstream", async () => {
    const r = await run(humanGraph(), draft(), decide({ decision: "edit", output: { text: "better" } }), { q: "?" }).result;
    expect(r).toMatchObject({ status: "completed", output: { text: "better", decision: "edit" } });
  });

  it("edits that break the contract fail with the differing paths", async () => {
    const r = await run(humanGraph(), draft(), decide({ decision: "edit", output: { text: 3 } }), { q: "?" }).result;
    expect(r).toMatchObject({ status: "failed", error: { code: "escalation-invalid", issues: [{ path: "text" }] } });
  });

  it("rejects: takes the reject edge", async () => {
    const r = await run(humanGraph(), draft(), decide({ decision: "reject" }), { q: "?" }).result;
    expect(r).toMatchObject({ status: "completed", endNodeId: "rejected", output: { status: "rejected" } });
  });

  it("times out: takes the timeout edge", async () => {
    const r = await run(humanGraph(), draft(), decide(null), { q: "?" }).result;
    expect(r).toMatchObject({ status: "completed", endNodeId: "late" });
  });

  it("escalateTo splits the wait: first `after`, then the role change with a wait for the rest of the SLA", async () => {
    const g = humanGraph();
    node(g, "review", "human").escalateTo = { role: "operator", after: "15m" };
    const port = new FakePort({ "review/decision-before-escalation": null, "review/decision": { decision: "approve", actor: "otto" } });
    const r = await run(g, draft(), port, { q: "?" }).result;
    expect(r).toMatchObject({ status: "completed", endNodeId: "done" });
    expect(port.waits.map((w) => [w.id, w.timeout])).toEqual([["review/decision-before-escalation", "15m"], ["review/decision", "2700s"]]);
    expect(port.sent.map((e) => e.name)).toEqual(["baton/escalation.requested", "baton/escalation.escalated"]);
    expect(port.sent[1]!.data).toMatchObject({ stepId: "review", fromRole: "reviewer", role: "operator", after: "15m" });
  });

  it("without escalateTo a human step uses the same step ids as before (runs pinned to old versions replay)", async () => {
    const port = decide({ decision: "approve" });
    await run(humanGraph(), draft(), port, { q: "?" }).result;
    expect(port.ids).toEqual(["draft", "review/decision", "review/escalate"]);
  });

  it("escalates a step whose output meets an escalation condition", async () => {
    const g = baseGraph();
    node(g, "classify", "llm").policy = { escalation: { conditions: [{ kind: "expression", expr: "output.confidence < 0.7" }] } };
    const port = new FakePort({ "classify/review/decision": { decision: "edit", output: classified("b", 1) } });
    const { result } = run(g, happyServices({ classify: () => classified("a", 0.4) }), port);
    expect(await result).toMatchObject({ status: "completed", endNodeId: "done" });
    expect(port.ids).toEqual(["classify", "classify/review/decision", "classify/review/escalate"]);
    expect(port.sent[0]!.data.reason).toContain("`output.confidence < 0.7` holds");
  });

  it("works inside loops, with per-iteration step ids", async () => {
    const g = loopGraph();
    g.nodes.push({ id: "check", kind: "human", name: "Check", role: "operator", decisions: [{ id: "ok", type: "approve" }] });
    g.edges.find((e) => e.id === "e3")!.source = "check";
    g.edges.push({ id: "e5", source: "work", target: "check" });
    g.edges.find((e) => e.id === "e3")!.sourceHandle = "ok";
    const port = new FakePort({ "check#1/decision": { decision: "ok" }, "check#2/decision": { decision: "ok" }, "check#3/decision": { decision: "ok" } });
    const r = await run(g, new FakeServices({ work: () => ({ ok: false }) }), port, { topic: "x" }).result;
    expect(r.status).toBe("completed");
    expect(port.waits.map((w) => w.id)).toEqual(["check#1/decision", "check#2/decision", "check#3/decision"]);
  });
});

describe("interpretPlan: delay and subprocess", () => {
  const withMiddle = (middle: ProcessGraph["nodes"][number]): ProcessGraph => ({
    slug: "small",
    name: "Small",
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", properties: { n: { type: "integer" } } } },
      middle,
      { id: "done", kind: "end", name: "Done", output: middle.kind === "subprocess" ? { total: "{{ steps.sub.output.total }}" } : {} },
    ],
    edges: [
      { id: "e1", source: "start", target: middle.id },
      { id: "e2", source: middle.id, target: "done" },
    ],
  });
  const sub: NodeOf<"subprocess"> = {
    id: "sub",
    kind: "subprocess",
    name: "Sub",
    process: "child",
    version: 2,
    input: { n: "{{ input.n }}" },
    outputSchema: { type: "object", required: ["total"], properties: { total: { type: "integer" } } },
  };

  it("sleeps on a delay step", async () => {
    const port = new FakePort();
    const r = await run(withMiddle({ id: "pause", kind: "delay", name: "Pause", duration: "5m" }), new FakeServices(), port, { n: 1 }).result;
    expect(r.status).toBe("completed");
    expect(port.sleeps).toEqual([{ id: "pause", duration: "5m" }]);
  });

  it("invokes a subprocess through the port and checks its output contract", async () => {
    const port = new FakePort({}, (_p, i) => ({ total: (i as { n: number }).n * 2 }));
    const r = await run(withMiddle(sub), new FakeServices(), port, { n: 21 }).result;
    expect(r).toMatchObject({ status: "completed", output: { total: 42 } });
    expect(port.invocations).toEqual([{ id: "sub", process: "child", version: 2, input: { n: 21 } }]);

    const bad = await run(withMiddle(sub), new FakeServices(), new FakePort({}, () => ({ total: "x" })), { n: 1 }).result;
    expect(bad).toMatchObject({ status: "failed", error: { code: "contract-mismatch", issues: [{ path: "total" }] } });
  });

  it("fails clearly when the port cannot invoke processes", async () => {
    const r = await run(withMiddle(sub), new FakeServices(), new FakePort(), { n: 1 }).result;
    expect(r).toMatchObject({ status: "failed", error: { code: "subprocess-unavailable" } });
  });
});
