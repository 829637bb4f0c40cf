import type { DataSchema } from "../contracts/data-schema";
import type { ModelChoice } from "../graph/model-choice";
import type { ProcessGraph } from "../graph/process-graph";
import type { ValidationContext } from "../validation/diagnostic";

export const tiers: ValidationContext = {
  tiers: { light: "openai/gpt-4.1-mini", mid: "anthropic/claude-sonnet-4-5", strong: "openai/gpt-5" },
};

const categoryOutput = (): DataSchema => ({
  type: "object",
  required: ["category", "confidence", "urgent", "score"],
  properties: {
    category: { type: "string", enum: ["a", "b", "c"] },
    confidence: { type: "number" },
    urgent: { type: "boolean" },
    score: { type: "integer" },
  },
});

/** start → classify → route (a → lookup → draft → done; else → done). Valid, no diagnostics. */
export function baseGraph(): ProcessGraph {
  return {
    slug: "test-process",
    name: "Test process",
    nodes: [
      {
        id: "start",
        kind: "trigger",
        name: "Start",
        inputSchema: {
          type: "object",
          required: ["ticket", "priority"],
          properties: {
            ticket: { type: "object", required: ["id", "body"], properties: { id: { type: "string" }, body: { type: "string" } } },
            priority: { type: "integer" },
          },
        },
      },
      {
        id: "classify",
        kind: "llm",
        name: "Classify",
        task: "classify",
        model: { tier: "light" },
        prompt: "Classify: {{ input.ticket.body }}",
        outputSchema: categoryOutput(),
      },
      { id: "route", kind: "router", name: "Route", source: "steps.classify.output.category" },
      {
        id: "lookup",
        kind: "tool",
        name: "Lookup",
        contract: {
          name: "crm.lookup",
          method: "POST",
          url: "https://crm.example.com/tickets/{{ input.ticket.id }}",
          headers: { Authorization: "Bearer {{ secrets.CRM_TOKEN }}" },
          inputSchema: {
            type: "object",
            required: ["id"],
            properties: { id: { type: "string" }, count: { type: "integer" }, label: { type: "string" } },
          },
          outputSchema: { type: "object", required: ["status"], properties: { status: { type: "string" } } },
        },
        input: { id: "{{ input.ticket.id }}", count: "{{ input.priority }}", label: "{{ steps.classify.output.category }}" },
      },
      {
        id: "draft",
        kind: "llm",
        name: "Draft",
        task: "generate",
        model: { tier: "mid" },
        prompt: "Write about {{ steps.classify.output.category }} given {{ steps.lookup.output.status }}",
        outputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } },
      },
      { id: "done", kind: "end", name: "Done", output: { category: "{{ steps.classify.output.category }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "classify" },
      { id: "e2", source: "classify", target: "route" },
      { id: "e3", source: "route", target: "lookup", kind: "branch", when: { op: "eq", value: "a" } },
      { id: "e4", source: "route", target: "done", kind: "unmatched" },
      { id: "e5", source: "lookup", target: "draft" },
      { id: "e6", source: "draft", target: "done" },
    ],
  };
}

/** start → one light LLM step → done: the smallest process a host test can run to the end. */
export function oneStepGraph(slug: string, name: string): ProcessGraph {
  return {
    slug,
    name,
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
      {
        id: "first",
        kind: "llm",
        name: "First",
        task: "extract",
        model: { tier: "light" },
        prompt: "Summarise {{ input.id }}",
        outputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } },
      },
      { id: "done", kind: "end", name: "Done", output: { text: "{{ steps.first.output.text }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "first" },
      { id: "e2", source: "first", target: "done" },
    ],
  };
}

/** start → repeat (loop) → body: work → loop-back; exit → done. */
export function loopGraph(): ProcessGraph {
  return {
    slug: "loop-process",
    name: "Loop process",
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", properties: { topic: { type: "string" } } } },
      { id: "repeat", kind: "loop", name: "Repeat", maxIterations: 3, exitWhen: "steps.work.output.ok == true" },
      {
        id: "work",
        kind: "llm",
        name: "Work",
        task: "generate",
        model: { tier: "light" },
        prompt: "Try #{{ steps.repeat.output.iteration }} on {{ input.topic }}",
        outputSchema: { type: "object", required: ["ok"], properties: { ok: { type: "boolean" } } },
      },
      { id: "done", kind: "end", name: "Done", output: { ok: "{{ steps.work.output.ok }}", rounds: "{{ steps.repeat.output.iteration }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "repeat" },
      { id: "e2", source: "repeat", target: "work", sourceHandle: "body" },
      { id: "e3", source: "work", target: "repeat", kind: "loop-back" },
      { id: "e4", source: "repeat", target: "done", sourceHandle: "exit" },
    ],
  };
}

/** start → fan (parallel) → left, right (tools) → meet (join) → done. */
export function parallelGraph(mode: "all" | "any" = "all"): ProcessGraph {
  const tool = (id: string) => ({
    id,
    kind: "tool" as const,
    name: id,
    contract: {
      method: "GET" as const,
      url: `https://example.com/${id}`,
      inputSchema: { type: "object" as const, properties: {} },
      outputSchema: { type: "object" as const, required: ["value"], properties: { value: { type: "string" as const } } },
    },
    input: {},
  });
  return {
    slug: "parallel-process",
    name: "Parallel process",
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", properties: {} } },
      { id: "fan", kind: "parallel", name: "Fan out" },
      tool("left"),
      tool("right"),
      { id: "meet", kind: "join", name: "Meet", mode },
      { id: "done", kind: "end", name: "Done", output: { left: "{{ steps.left.output.value }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "fan" },
      { id: "e2", source: "fan", target: "left" },
      { id: "e3", source: "fan", target: "right" },
      { id: "e4", source: "left", target: "meet" },
      { id: "e5", source: "right", target: "meet" },
      { id: "e6", source: "meet", target: "done" },
    ],
  };
}

/** start → draft (llm) → review (human: approve/edit/reject, 1h SLA) → done / rejected / late. */
export function humanGraph(): ProcessGraph {
  return {
    slug: "human-process",
    name: "Human process",
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", properties: { q: { type: "string" } } } },
      {
        id: "draft",
        kind: "llm",
        name: "Draft",
        task: "generate",
        model: { tier: "mid" },
        prompt: "Answer {{ input.q }}",
        outputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } },
      },
      {
        id: "review",
        kind: "human",
        name: "Review",
        subject: "draft",
        role: "reviewer",
        timeout: "1h",
        decisions: [
          { id: "approve", type: "approve" },
          { id: "edit", type: "edit" },
          { id: "reject", type: "reject" },
        ],
      },
      { id: "done", kind: "end", name: "Done", output: { text: "{{ steps.draft.output.text }}", decision: "{{ steps.review.output.decision }}" } },
      { id: "rejected", kind: "end", name: "Rejected", output: { status: "rejected" } },
      { id: "late", kind: "end", name: "Late", output: { status: "late" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "draft" },
      { id: "e2", source: "draft", target: "review" },
      { id: "e3", source: "review", target: "done", sourceHandle: "approve" },
      { id: "e4", source: "review", target: "done", sourceHandle: "edit" },
      { id: "e5", source: "review", target: "rejected", sourceHandle: "reject" },
      { id: "e6", source: "review", target: "late", kind: "timeout" },
    ],
  };
}

/**
 * start → classify (category billing | technical | other) → route: billing → reply → done; else → done.
 * The dataset-run tests: branch frequencies, reach, per-node spread.
 */
export function routedGraph(slug: string, classifyModel: ModelChoice = { tier: "light" }): ProcessGraph {
  const text: DataSchema = { type: "object", required: ["text"], properties: { text: { type: "string" } } };
  return {
    slug,
    name: `Routed ${slug}`,
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["q"], properties: { q: { type: "string" } } } },
      {
        id: "classify",
        kind: "llm",
        name: "Classify",
        task: "classify",
        model: classifyModel,
        prompt: "Classify this ticket: {{ input.q }}",
        outputSchema: { type: "object", required: ["category"], properties: { category: { type: "string", enum: ["billing", "technical", "other"] } } },
      },
      { id: "route", kind: "router", name: "Route", source: "steps.classify.output.category" },
      { id: "reply", kind: "llm", name: "Reply", task: "generate", model: { tier: "mid" }, prompt: "Reply about {{ steps.classify.output.category }}", outputSchema: text },
      { id: "done", kind: "end", name: "Done", output: { category: "{{ steps.classify.output.category }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "classify" },
      { id: "e2", source: "classify", target: "route" },
      { id: "e3", source: "route", target: "reply", kind: "branch", label: "billing", when: { op: "eq", value: "billing" } },
      { id: "e4", source: "route", target: "done", kind: "unmatched", label: "other" },
      { id: "e5", source: "reply", target: "done" },
    ],
  };
}
