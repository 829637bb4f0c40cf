import type { PlanStep } from "../compiler/plan-schema";
import { validateData, type ContractIssue } from "../contracts/validate-data";
import { durationToMs } from "../graph/duration";
import type { NodeOf } from "../graph/nodes";
import type { StepPolicy } from "../graph/policy";
import { checkBudget } from "./budget";
import type { Exec } from "./exec";
import type { CallRecord, ModelRequest, ToolRequest } from "./ports";
import { renderMapping, renderTemplate, RunFailure } from "./run-state";

/** How a model, tool or subprocess step ended, before escalation rules and error edges apply. */
export type StepOutcome =
  | { status: "ok"; output: unknown; costUsd: number }
  | { status: "contract-failure"; output: unknown; issues: ContractIssue[]; phase: "input" | "output"; costUsd: number }
  | { status: "failed"; message: string; costUsd: number }
  | { status: "budget-branch"; costUsd: number };

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The delay before retry `n` (1-based). */
export function backoffDuration(policy: StepPolicy | undefined, n: number): string {
  const backoff = policy?.backoff ?? { kind: "exponential" as const, initial: "1s" };
  const initial = durationToMs(backoff.initial);
  let ms = backoff.kind === "fixed" ? initial : initial * 2 ** (n - 1);
  if (backoff.max) ms = Math.min(ms, durationToMs(backoff.max));
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

async function record(x: Exec, id: string, model: string | undefined, call: () => Promise<Omit<Extract<CallRecord, { ok: true }>, "latencyMs">>): Promise<CallRecord> {
  return x.port.run(id, async (): Promise<CallRecord> => {
    const started = x.services.now();
    try {
      const result = await call();
      return { ...result, latencyMs: x.services.now() - started };
    } catch (error) {
      // Returned, not thrown: retries and fallbacks are the step policy's, and each attempt stays a record.
      return {
        ok: false,
        error: { message: errorMessage(error), ...(error instanceof Error ? { name: error.name } : {}) },
        ...(model ? { model } : {}),
        costUsd: 0,
        latencyMs: x.services.now() - started,
      };
    }
  });
}

/** A pinned step: its output comes from the pin (through one port step, so replays agree), no call, no cost. */
async function pinnedOutcome(x: Exec, nodeId: string, sid: string, schema: Parameters<typeof validateData>[0]): Promise<StepOutcome | undefined> {
  if (!x.pinned || !Object.hasOwn(x.pinned, nodeId)) return undefined;
  const pinned = x.pinned[nodeId];
  const record = await x.port.run(sid, async (): Promise<CallRecord> => ({ ok: true, output: pinned, pinned: true, costUsd: 0, latencyMs: 0 }));
  const output = record.ok ? record.output : pinned;
  const issues = validateData(schema, output);
  if (issues.length) return { status: "contract-failure", output, issues, phase: "output", costUsd: 0 };
  return { status: "ok", output, costUsd: 0 };
}

export async function runModelStep(x: Exec, step: PlanStep, node: NodeOf<"llm">, sid: string): Promise<StepOutcome> {
  const pinned = await pinnedOutcome(x, node.id, sid, node.outputSchema);
  if (pinned) return pinned;
  const rendered = renderTemplate(node.prompt, x.state);
  const base = {
    nodeId: node.id,
    task: node.task,
    prompt: typeof rendered === "string" ? rendered : JSON.stringify(rendered ?? ""),
    schema: node.outputSchema,
    ...(node.system ? { system: String(renderTemplate(node.system, x.state) ?? "") } : {}),
    ...(node.temperature !== undefined ? { temperature: node.temperature } : {}),
    ...(node.maxTokens !== undefined ? { maxTokens: node.maxTokens } : {}),
    ...(node.policy?.timeout ? { timeoutMs: durationToMs(node.policy.timeout) } : {}),
  };
  const attempts = 1 + (node.policy?.retries ?? 0);
  let cost = 0;
  let calls = 0;
  const failures: string[] = [];

  const call = async (id: string, request: ModelRequest) => {
    const result = await record(x, id, request.model, async () => {
      const response = await x.services.callModel(request);
      return {
        ok: true as const,
        output: response.output,
        model: request.model,
        ...(response.provider ? { provider: response.provider } : {}),
        usage: response.usage,
        costUsd: response.costUsd,
      };
    });
    cost += result.costUsd;
    x.state.costUsd += result.costUsd;
    return result;
  };

  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await x.port.sleep(`${sid}/backoff-${attempt - 1}`, backoffDuration(node.policy, attempt - 1));
    for (const model of step.models ?? []) {
      const id = calls === 0 ? sid : `${sid}/call-${calls + 1}`;
      calls++;
      const request: ModelRequest = { ...base, stepId: id, model };
      const gate = await checkBudget(x, step, sid, cost, request);
      if (gate.action === "branch") return { status: "budget-branch", costUsd: cost };
      request.model = gate.model;

      const first = await call(id, request);
      if (!first.ok) {
        failures.push(`${request.model}: ${first.error.message}`);
        continue; // provider error: next model in the fallback chain
      }
      const issues = validateData(node.outputSchema, first.output);
      if (issues.length === 0) return { status: "ok", output: first.output, costUsd: cost };

      // One bounded repair: the same model sees its output and what broke the contract.
      const repairId = `${sid}/repair`;
      const repairRequest: ModelRequest = { ...request, stepId: repairId, repair: { previousOutput: first.output, issues } };
      const repairGate = await checkBudget(x, step, sid, cost, repairRequest);
      if (repairGate.action === "branch") return { status: "budget-branch", costUsd: cost };
      repairRequest.model = repairGate.model;
      const repaired = await call(repairId, repairRequest);
      if (!repaired.ok) return { status: "contract-failure", output: first.output, issues, phase: "output", costUsd: cost };
      const remaining = validateData(node.outputSchema, repaired.output);
      if (remaining.length === 0) return { status: "ok", output: repaired.output, costUsd: cost };
      return { status: "contract-failure", output: repaired.output, issues: remaining, phase: "output", costUsd: cost };
    }
  }
  return {
    status: "failed",
    message: `every model call failed (${calls} call${calls === 1 ? "" : "s"}): ${failures.join("; ")}`,
    costUsd: cost,
  };
}

export async function runToolStep(x: Exec, node: NodeOf<"tool">, sid: string): Promise<StepOutcome> {
  const { contract } = node;
  const pinned = await pinnedOutcome(x, node.id, sid, contract.outputSchema);
  if (pinned) return pinned;
  const input = renderMapping(node.input, x.state);
  const inputIssues = validateData(contract.inputSchema, input);
  if (inputIssues.length) return { status: "contract-failure", output: input, issues: inputIssues, phase: "input", costUsd: 0 };

  const headers: Record<string, string> = {};
  for (const name of Object.keys(contract.headers ?? {}).sort()) {
    headers[name] = String(renderTemplate(contract.headers![name]!, x.state) ?? "");
  }
  const base: Omit<ToolRequest, "stepId"> = {
    nodeId: node.id,
    ...(contract.name ? { contract: contract.name } : {}),
    method: contract.method,
    url: String(renderTemplate(contract.url, x.state) ?? ""),
    headers,
    input,
    ...(node.policy?.timeout ? { timeoutMs: durationToMs(node.policy.timeout) } : {}),
  };
  const attempts = 1 + (node.policy?.retries ?? 0);
  let cost = 0;
  const failures: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await x.port.sleep(`${sid}/backoff-${attempt - 1}`, backoffDuration(node.policy, attempt - 1));
    const id = attempt === 1 ? sid : `${sid}/call-${attempt}`;
    const result = await record(x, id, undefined, async () => {
      const response = await x.services.callTool({ ...base, stepId: id });
      return { ok: true as const, output: response.output, costUsd: response.costUsd ?? 0 };
    });
    cost += result.costUsd;
    x.state.costUsd += result.costUsd;
    if (!result.ok) {
      failures.push(result.error.message);
      // A refused call is refused again on every attempt: fail now, without retrying.
      if (result.error.name === "CallRefusedError") return { status: "failed", message: `the tool call was refused: ${result.error.message}`, costUsd: cost };
      continue;
    }
    const issues = validateData(contract.outputSchema, result.output);
    if (issues.length) return { status: "contract-failure", output: result.output, issues, phase: "output", costUsd: cost };
    return { status: "ok", output: result.output, costUsd: cost };
  }
  return { status: "failed", message: `the tool call failed ${attempts} time(s): ${failures.join("; ")}`, costUsd: cost };
}

export async function runSubprocessStep(x: Exec, node: NodeOf<"subprocess">, sid: string): Promise<StepOutcome> {
  if (!x.port.invoke) {
    throw new RunFailure(
      "subprocess-unavailable",
      `Step "${node.id}" starts process "${node.process}", but this runtime cannot invoke other processes.`,
      { nodeId: node.id, stepId: sid },
    );
  }
  const input = renderMapping(node.input, x.state);
  let output: unknown;
  try {
    output = await x.port.invoke(sid, { process: node.process, ...(node.version ? { version: node.version } : {}), input });
  } catch (error) {
    return { status: "failed", message: `process "${node.process}" failed: ${errorMessage(error)}`, costUsd: 0 };
  }
  if (node.outputSchema) {
    const issues = validateData(node.outputSchema, output);
    if (issues.length) return { status: "contract-failure", output, issues, phase: "output", costUsd: 0 };
  }
  return { status: "ok", output, costUsd: 0 };
}
