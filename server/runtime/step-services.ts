import {
  CallRefusedError,
  urlAllowedForSecret,
  estimateOf,
  validateData,
  type CostEstimate,
  type ExecutionPlan,
  type ModelRequest,
  type ModelResponse,
  type StepServices,
  type ToolRequest,
  type ToolResponse,
} from "@/core";
import { costOf, lookupPrice, type PriceRow } from "@/server/pricing/price-table";
import { resolveModel, splitModelRef, type Resolved } from "@/server/providers/registry";
import { simulate, SimulatorProvider } from "@/server/providers/simulator";
import { safeSchemaName } from "@/server/providers/structured-output";
import { isProviderError, ProviderError, type ModelRequest as ProviderRequest } from "@/server/providers/types";
import { loadSecretScopes, resolveSecrets } from "@/server/settings/settings.service";
import type { RuntimeDeps } from "./runtime-deps";
import { AttemptCounter, baseStepId } from "./step-ids";
import { writeStepRecord } from "./step-records";

export interface RunContext {
  /** run_… (what the interpreter and escalation ids use). */
  runId: string;
  runDbId: string;
  plan: ExecutionPlan;
  /** Snapshot taken in the run's first step, so budget estimates are the same on every replay. */
  prices: PriceRow[];
  attempts: AttemptCounter;
  /** Dataset runs on the simulator: answer every model call (and contracted tool call) offline. */
  simulate?: boolean;
}

/**
 * Hosts under example.com (RFC 2606: can never be real) are answered by a tool simulator with
 * schema-valid output, so the seeded processes run offline. Every other URL is called for real.
 */
export function isSimulatedHost(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "example.com" || host.endsWith(".example.com") || host.endsWith(".example");
  } catch {
    return false;
  }
}

function repairPrompt(req: ModelRequest): string {
  if (!req.repair) return req.prompt;
  const issues = req.repair.issues.map((i) => `- ${i.path || "(root)"}: ${i.message}`).join("\n");
  return `${req.prompt}\n\nYour previous answer did not match the required output contract:\n${issues}\nPrevious answer:\n${JSON.stringify(req.repair.previousOutput)}\nReturn a corrected answer that matches the schema exactly.`;
}

function errorJson(error: unknown): Record<string, unknown> {
  if (isProviderError(error)) return error.toJSON();
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { message: String(error) };
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/**
 * core's StepServices over Baton's providers, price table, secrets and HTTP. Each call writes its
 * step record here, inside the step that runs it (so once per execution, on any Inngest).
 */
export function createStepServices(deps: RuntimeDeps, run: RunContext): StepServices {
  const priceOf = (model: string) => lookupPrice(run.prices, model);
  // One simulator for the run's forced-offline calls: it answers as the named model's tier would,
  // and the call is priced as that model, so a dataset run projects the real bill without paying it.
  const simulator = run.simulate ? new SimulatorProvider({ id: "sim", latencyScale: deps.latencyScale }) : undefined;
  const simulated = (ref: string): Resolved => {
    const parts = splitModelRef(ref);
    return parts ? { ok: true, provider: simulator!, model: parts.model } : { ok: false, reason: `"${ref}" is not a model name; use "provider/model".` };
  };

  async function callModel(req: ModelRequest): Promise<ModelResponse> {
    const attempt = run.attempts.get(req.stepId);
    const startedAt = new Date();
    const started = deps.now();
    const input = { model: req.model, task: req.task, system: req.system, prompt: req.prompt, ...(req.repair ? { repair: req.repair } : {}) };
    const record = (fields: Parameters<typeof writeStepRecord>[1]) => writeStepRecord(deps.db, fields);
    const base = {
      runDbId: run.runDbId,
      nodeId: req.nodeId,
      stepId: baseStepId(req.stepId),
      kind: "llm",
      attempt,
      input,
      model: req.model,
      startedAt,
    };
    const price = priceOf(req.model);
    const cost = (usage: { inputTokens: number; cachedInputTokens?: number; outputTokens: number } | undefined) =>
      usage && price ? costOf(price, usage) : 0;
    const detail = { portStepId: req.stepId, ...(req.repair ? { repair: true } : {}), ...(price ? {} : { unpriced: true }) };

    try {
      const resolved = run.simulate ? simulated(req.model) : resolveModel(await deps.registry(), req.model);
      if (!resolved.ok) throw new ProviderError("auth", resolved.reason, { retryable: false });
      const providerReq: ProviderRequest = {
        model: resolved.model,
        prompt: repairPrompt(req),
        outputSchema: req.schema,
        schemaName: safeSchemaName(req.nodeId),
        task: req.task,
        // The base step id, so a `__simulate: …*N` failure counts the repair and retries of one step together.
        seed: `${run.runId}:${baseStepId(req.stepId)}`,
        attempt,
        ...(req.system ? { system: req.system } : {}),
        ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
        ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}),
        ...(req.timeoutMs ? { signal: AbortSignal.timeout(req.timeoutMs) } : {}),
      };
      const response = await resolved.provider.complete(providerReq);
      const costUsd = cost(response.usage);
      await record({
        ...base,
        status: "succeeded",
        output: response.output,
        provider: response.provider,
        inputTokens: response.usage.inputTokens,
        cachedInputTokens: response.usage.cachedInputTokens,
        outputTokens: response.usage.outputTokens,
        costUsd,
        latencyMs: response.latencyMs,
        detail: { ...detail, finishReason: response.finishReason },
        endedAt: new Date(),
      });
      return { output: response.output, usage: response.usage, costUsd, provider: response.provider };
    } catch (error) {
      const latencyMs = isProviderError(error) && error.latencyMs !== undefined ? error.latencyMs : deps.now() - started;
      const usage = isProviderError(error) ? error.usage : undefined;
      const costUsd = cost(usage);
      await record({
        ...base,
        status: "failed",
        output: isProviderError(error) ? (error.output ?? error.rawText) : undefined,
        provider: isProviderError(error) ? (error.provider ?? null) : null,
        inputTokens: usage?.inputTokens,
        cachedInputTokens: usage?.cachedInputTokens,
        outputTokens: usage?.outputTokens,
        costUsd,
        latencyMs,
        error: errorJson(error),
        detail,
        endedAt: new Date(),
      });
      // Output that broke the contract goes back to the interpreter, which owns the one repair attempt.
      if (isProviderError(error) && error.code === "malformed_output" && usage) {
        return { output: error.output ?? error.rawText ?? null, usage, costUsd, ...(error.provider ? { provider: error.provider } : {}) };
      }
      throw error;
    }
  }

  async function callTool(req: ToolRequest): Promise<ToolResponse> {
    const attempt = run.attempts.get(req.stepId);
    const startedAt = new Date();
    const started = deps.now();
    const step = run.plan.steps.find((s) => s.id === req.nodeId);
    const contract = step?.node.kind === "tool" ? step.node.contract : undefined;
    const simulated = isSimulatedHost(req.url) || (run.simulate === true && contract !== undefined);
    const base = {
      runDbId: run.runDbId,
      nodeId: req.nodeId,
      stepId: baseStepId(req.stepId),
      kind: "tool",
      attempt,
      // Headers are left as templates: secret values never reach a record.
      input: { method: req.method, url: req.url, contract: req.contract, headers: req.headers, body: req.input },
      provider: simulated ? "tool-simulator" : "http",
      startedAt,
    };
    try {
      let output: unknown;
      let status: number | undefined;
      let latencyMs: number;
      if (simulated) {
        if (!contract) throw new Error(`Step "${req.nodeId}" has no tool contract in the plan.`);
        const sim = simulate({
          model: "tool",
          prompt: `${req.method} ${req.url}\n${JSON.stringify(req.input)}`,
          outputSchema: contract.outputSchema,
          schemaName: safeSchemaName(contract.name ?? req.nodeId),
          seed: `${run.runId}:${baseStepId(req.stepId)}`,
        });
        await sleep(sim.latencyMs * deps.latencyScale);
        output = sim.output;
        status = 200;
        latencyMs = sim.latencyMs;
      } else {
        ({ output, status } = await httpCall(deps, req, idempotencyKeyFor(run.runId, req.stepId)));
        latencyMs = deps.now() - started;
      }
      const issues = contract ? validateData(contract.outputSchema, output) : [];
      await writeStepRecord(deps.db, {
        ...base,
        status: issues.length ? "failed" : "succeeded",
        output,
        // The output is still returned: the interpreter turns the mismatch into the step's outcome.
        ...(issues.length
          ? {
              error: {
                code: "contract-mismatch",
                message: `The response does not match the output contract of ${contract?.name ?? req.nodeId}: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
                issues,
              },
            }
          : {}),
        latencyMs,
        detail: { portStepId: req.stepId, httpStatus: status, simulated },
        endedAt: new Date(),
      });
      return { output, ...(status !== undefined ? { status } : {}), costUsd: 0 };
    } catch (error) {
      await writeStepRecord(deps.db, {
        ...base,
        status: "failed",
        latencyMs: deps.now() - started,
        error: errorJson(error),
        detail: { portStepId: req.stepId, simulated },
        endedAt: new Date(),
      });
      throw error;
    }
  }

  function estimateCost(req: ModelRequest): CostEstimate {
    const price = priceOf(req.model);
    const chars = (req.system?.length ?? 0) + req.prompt.length + JSON.stringify(req.schema).length;
    const inputTokens = Math.ceil(chars / 4) + 32;
    // Without a max, assume a short structured answer: the estimate gates calls, the record has the truth.
    const outputTokens = req.maxTokens ?? 400;
    return estimateOf({ inputTokens, outputTokens }, price);
  }

  return { callModel, callTool, estimateCost, now: () => deps.now() };
}

const SECRET_REF = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * The `Idempotency-Key` of an HTTP tool call (docs/runtime.md): run id + base step id (the node id
 * and, inside loops, the iteration: `charge#2`), without the retry suffix. So it is the same for
 * every retry and for a re-execution after a crash, and differs per run, node and iteration; a
 * downstream API that de-duplicates on it turns the at-least-once step into exactly-once.
 */
export function idempotencyKeyFor(runId: string, portStepId: string): string {
  return `${runId}:${baseStepId(portStepId)}`;
}

/**
 * Call-time twin of the publish-time check: the rendered URL must be one the admin bound each
 * secret to. Checked before any secret is decrypted; refused calls are not retried.
 */
async function refuseSecretsOutOfScope(deps: RuntimeDeps, url: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const scopes = await loadSecretScopes(deps.db, names);
  for (const name of names) {
    const allowed = scopes[name] ?? [];
    if (urlAllowedForSecret(url, allowed)) continue;
    throw new CallRefusedError(
      `Secret "${name}" may not be sent to ${url}: ${allowed.length ? `it is bound to ${allowed.join(", ")}` : "it is not bound to any host"}. ` +
        `An admin can change where it may be sent in Settings → Secrets.`,
    );
  }
}

async function httpCall(deps: RuntimeDeps, req: ToolRequest, idempotencyKey: string): Promise<{ output: unknown; status: number }> {
  const names = new Set<string>();
  for (const value of Object.values(req.headers)) for (const m of value.matchAll(SECRET_REF)) names.add(m[1]!);
  await refuseSecretsOutOfScope(deps, req.url, [...names].sort());
  const secrets = await resolveSecrets(deps.db, [...names].sort(), { masterKey: deps.masterKey });
  const headers: Record<string, string> = { accept: "application/json" };
  for (const [name, value] of Object.entries(req.headers)) headers[name] = value.replace(SECRET_REF, (_, n: string) => secrets[n] ?? "");
  // A key the contract sets itself (any casing) wins: some APIs want their own format.
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "idempotency-key")) headers["Idempotency-Key"] = idempotencyKey;
  let url = req.url;
  let body: string | undefined;
  if (req.method === "GET" || req.method === "DELETE") {
    const u = new URL(url);
    for (const [k, v] of Object.entries((req.input ?? {}) as Record<string, unknown>)) {
      if (v !== undefined) u.searchParams.set(k, typeof v === "string" ? v : JSON.stringify(v));
    }
    url = u.toString();
  } else {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.input ?? {});
  }
  const res = await deps.fetch(url, {
    method: req.method,
    headers,
    body,
    // A redirect would carry the secret headers to a URL nobody checked: not followed (a 3xx fails the call).
    ...(names.size ? { redirect: "manual" as const } : {}),
    signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${req.method} ${req.url} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
  try {
    return { output: text ? JSON.parse(text) : null, status: res.status };
  } catch {
    throw new Error(`${req.method} ${req.url} answered HTTP ${res.status} with a body that is not JSON.`);
  }
}
