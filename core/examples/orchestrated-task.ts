import type { DataSchema } from "../contracts/data-schema";
import type { ProcessGraph } from "../graph/process-graph";

const agentOutput: DataSchema = {
  type: "object",
  required: ["ok", "result"],
  properties: {
    ok: { type: "boolean" },
    result: { type: "string" },
    sources: { type: "array", items: { type: "string" } },
  },
};

const agentInput: DataSchema = {
  type: "object",
  required: ["task", "goal"],
  properties: { task: { type: "string" }, goal: { type: "string" }, attempt: { type: "integer" } },
};

/**
 * Intake and parsing (light) → step planning (strong) → agents called through tool contracts,
 * in parallel and retried as a bounded loop → closure (mid), escalated to a human when
 * confidence is low or a step failed.
 */
export const orchestratedTask: ProcessGraph = {
  slug: "orchestrated-task",
  name: "Orchestrated task",
  description: "Plans a request, dispatches it to specialised agents and closes it, with a human when unsure.",
  settings: {
    budget: { perRunUsd: 2, onBreach: "escalate" },
    concurrency: { limit: 10 },
    retries: 2,
    timeouts: { finish: "3d", human: "1d" },
    idempotencyKey: "event.data.idempotencyKey",
    cancelOn: [{ event: "baton/task.withdrawn", match: "data.input.requestId" }],
  },
  nodes: [
    {
      id: "request",
      kind: "trigger",
      name: "Task requested",
      position: { x: 0, y: -42 },
      inputSchema: {
        type: "object",
        required: ["requestId", "request", "requester", "priority"],
        properties: {
          requestId: { type: "string" },
          request: { type: "string" },
          requester: { type: "string" },
          priority: { type: "string", enum: ["low", "normal", "urgent"] },
        },
      },
    },
    {
      id: "intake",
      kind: "llm",
      name: "Intake and parsing",
      task: "extract",
      position: { x: 320, y: -51 },
      model: { tier: "light" },
      temperature: 0,
      prompt: "Parse this request from {{ input.requester }} (priority {{ input.priority }}):\n\n{{ input.request }}",
      outputSchema: {
        type: "object",
        required: ["goal", "constraints"],
        properties: {
          goal: { type: "string" },
          constraints: { type: "array", items: { type: "string" } },
          deadline: { type: "string" },
        },
      },
      policy: { retries: 1, escalation: { conditions: [{ kind: "contractFailure" }], role: "operator" } },
    },
    {
      id: "plan",
      kind: "llm",
      name: "Plan the steps",
      task: "plan",
      position: { x: 640, y: -51 },
      model: { tier: "strong" },
      fallbacks: [{ tier: "mid" }],
      maxTokens: 2000,
      prompt: "Goal: {{ steps.intake.output.goal }}\nConstraints: {{ steps.intake.output.constraints }}\nPlan the research and data work.",
      outputSchema: {
        type: "object",
        required: ["researchTask", "dataTask", "risk"],
        properties: {
          researchTask: { type: "string" },
          dataTask: { type: "string" },
          risk: { type: "string", enum: ["low", "medium", "high"] },
        },
      },
      policy: { timeout: "2m", budgetUsd: 0.8 },
    },
    { id: "attempts", kind: "loop", name: "Until agents succeed", position: { x: 960, y: -42 }, maxIterations: 3, onExhausted: "exit", exitWhen: "steps.research-agent.output.ok == true && steps.data-agent.output.ok == true" },
    { id: "dispatch", kind: "parallel", name: "Dispatch to agents", position: { x: 1280, y: -113 } },
    {
      id: "research-agent",
      kind: "tool",
      name: "Research agent",
      position: { x: 1600, y: -166 },
      contract: {
        name: "agents.research",
        method: "POST",
        url: "https://agents.example.com/research/run",
        headers: { Authorization: "Bearer {{ secrets.AGENTS_TOKEN }}" },
        inputSchema: agentInput,
        outputSchema: agentOutput,
      },
      input: { task: "{{ steps.plan.output.researchTask }}", goal: "{{ steps.intake.output.goal }}", attempt: "{{ steps.attempts.output.iteration }}" },
      policy: { retries: 2, backoff: { kind: "exponential", initial: "5s" }, timeout: "5m", escalation: { conditions: [{ kind: "stepFailed" }], role: "operator" } },
    },
    {
      id: "data-agent",
      kind: "tool",
      name: "Data agent",
      position: { x: 1600, y: -42 },
      contract: {
        name: "agents.data",
        method: "POST",
        url: "https://agents.example.com/data/run",
        headers: { Authorization: "Bearer {{ secrets.AGENTS_TOKEN }}" },
        inputSchema: agentInput,
        outputSchema: agentOutput,
      },
      input: { task: "{{ steps.plan.output.dataTask }}", goal: "{{ steps.intake.output.goal }}", attempt: "{{ steps.attempts.output.iteration }}" },
      policy: { retries: 2, backoff: { kind: "exponential", initial: "5s" }, timeout: "5m", escalation: { conditions: [{ kind: "stepFailed" }], role: "operator" } },
    },
    { id: "gather", kind: "join", name: "Gather results", mode: "all", position: { x: 1920, y: -42 } },
    {
      id: "close",
      kind: "llm",
      name: "Escalation and closure",
      task: "generate",
      position: { x: 1280, y: 11 },
      model: { tier: "mid" },
      prompt:
        "Close the task \"{{ steps.intake.output.goal }}\" (risk {{ steps.plan.output.risk }}).\nResearch: {{ steps.research-agent.output.result }}\nData: {{ steps.data-agent.output.result }}",
      outputSchema: {
        type: "object",
        required: ["summary", "status", "confidence"],
        properties: {
          summary: { type: "string" },
          status: { type: "string", enum: ["done", "partial", "failed"] },
          confidence: { type: "number", minimum: 0, maximum: 1 },
        },
      },
      policy: {
        retries: 1,
        escalation: {
          conditions: [
            { kind: "expression", expr: 'output.confidence < 0.7 || output.status != "done"' },
            { kind: "stepFailed" },
            { kind: "contractFailure" },
          ],
          role: "operator",
          timeout: "1d",
        },
      },
    },
    {
      id: "done",
      kind: "end",
      name: "Closed",
      position: { x: 1600, y: 82 },
      output: {
        summary: "{{ steps.close.output.summary }}",
        status: "{{ steps.close.output.status }}",
        confidence: "{{ steps.close.output.confidence }}",
        iterations: "{{ steps.attempts.output.iteration }}",
      },
    },
  ],
  edges: [
    { id: "e-request-intake", source: "request", target: "intake" },
    { id: "e-intake-plan", source: "intake", target: "plan" },
    { id: "e-plan-attempts", source: "plan", target: "attempts" },
    { id: "e-attempts-body", source: "attempts", target: "dispatch", sourceHandle: "body" },
    { id: "e-dispatch-research", source: "dispatch", target: "research-agent" },
    { id: "e-dispatch-data", source: "dispatch", target: "data-agent" },
    { id: "e-research-gather", source: "research-agent", target: "gather" },
    { id: "e-data-gather", source: "data-agent", target: "gather" },
    { id: "e-gather-again", source: "gather", target: "attempts", kind: "loop-back" },
    { id: "e-attempts-exit", source: "attempts", target: "close", sourceHandle: "exit" },
    { id: "e-close-done", source: "close", target: "done" },
  ],
};
