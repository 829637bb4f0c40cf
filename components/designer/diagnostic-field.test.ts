import { describe, expect, it } from "vitest";
import { validateGraph } from "@/core/validation";
import { exampleGraphs } from "@/core/examples";
import { fieldLabelFor } from "./diagnostic-field";

const ctx = { tiers: { light: "openai/gpt-4.1-mini", mid: "openai/gpt-4.1", strong: "openai/gpt-4.1" } };

describe("the inspector field a diagnostic is about", () => {
  it("names the prompt, a mapping row, the router source and the SLA from real validation output", () => {
    const g = structuredClone(exampleGraphs["support-triage"]);
    const llm = g.nodes.find((n) => n.kind === "llm")!;
    (llm as { prompt: string }).prompt = "Classify {{ input.nope }}";
    const end = g.nodes.find((n) => n.kind === "end")! as { output?: Record<string, string> };
    end.output = { ...(end.output ?? {}), extra: "{{ steps.ghost.output.x }}" };
    const human = g.nodes.find((n) => n.kind === "human") as { id: string; timeout?: string };
    expect(human).toBeDefined();
    delete human.timeout;
    const labels = validateGraph(g, ctx).map((d) => [d.code, d.nodeId, fieldLabelFor(d)]);
    expect(labels).toContainEqual(["ref-unknown-field", llm.id, "Prompt"]);
    expect(labels).toContainEqual(["ref-unknown-step", (end as { id: string }).id, "extra ="]);
    expect(labels).toContainEqual(["human-timeout-missing", human.id, "SLA (timeout)"]);
  });

  it("has no field for diagnostics about the wiring", () => {
    expect(fieldLabelFor({ code: "node-unreachable", message: 'Step "x" cannot be reached from the trigger.' })).toBeNull();
    expect(fieldLabelFor({ code: "tier-unconfigured", message: "…" })).toBe("Model");
  });

  it("names the router's source field and a branch's condition", () => {
    const g = structuredClone(exampleGraphs["support-triage"]);
    const router = g.nodes.find((n) => n.kind === "router")! as { id: string; source: string };
    router.source = "input.choice";
    const branch = g.edges.find((e) => e.kind === "branch" && e.source !== router.id)!;
    delete branch.when;
    const labels = validateGraph(g, ctx).map((d) => [d.code, d.edgeId ?? d.nodeId, fieldLabelFor(d)]);
    expect(labels).toContainEqual(["ref-unknown-field", router.id, "Branch on"]);
    expect(labels).toContainEqual(["router-branch-when-missing", branch.id, "Condition"]);
  });
});

