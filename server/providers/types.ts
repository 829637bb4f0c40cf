import type { ContractIssue, DataSchema } from "@/core/contracts";

/**
 * The output contract handed to a provider. It is core's contract type: a strict subset of
 * JSON Schema, so it is a plain JSON Schema object that every structured-output API accepts
 * after the small adaptations in `structured-output.ts`.
 */
export type JsonSchemaObject = DataSchema;

export type ModelTask = "classify" | "extract" | "generate" | "plan";

export interface ModelRequest {
  /** The provider's own model name, without the `provider/` prefix (the registry strips it). */
  model: string;
  system?: string;
  prompt: string;
  outputSchema: JsonSchemaObject;
  /** Name for the structured output (OpenAI `json_schema.name`, Anthropic tool name): `[A-Za-z0-9_-]{1,64}`. */
  schemaName: string;
  temperature?: number;
  maxTokens?: number;
  task?: ModelTask;
  /** Determinism key for the simulator, e.g. `${runId}:${stepId}`. Real providers ignore it. */
  seed?: string;
  /**
   * Which call of its step this is (1-based: retries, fallbacks and the repair count), from the
   * run's deterministic step ids, so it is the same after a restart. The simulator's `*N` faults
   * use it; real providers ignore it.
   */
  attempt?: number;
  signal?: AbortSignal;
}

export interface TokenUsage {
  /** All input tokens, cached ones included (as OpenAI reports them; Anthropic's are summed up). */
  inputTokens: number;
  /** The part of inputTokens read from the provider's prompt cache. */
  cachedInputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  /** Parsed JSON, already checked against `outputSchema`. */
  output: unknown;
  rawText: string;
  usage: TokenUsage;
  /** Provider id from settings (e.g. `openai`, `sim`, `ollama`). */
  provider: string;
  /** The model that answered, as the provider named it. */
  model: string;
  latencyMs: number;
  finishReason?: string;
}

export type ProviderKind = "openai" | "anthropic" | "openai-compatible" | "simulator";

export interface ModelProvider {
  readonly id: string;
  readonly kind: ProviderKind;
  /** Resolves with schema-valid output or rejects with a ProviderError; never anything else. */
  complete(req: ModelRequest): Promise<ModelResponse>;
}

export const PROVIDER_ERROR_CODES = [
  "rate_limit",
  "timeout",
  "auth",
  "bad_request",
  "server",
  "malformed_output",
  "network",
  /** The caller's AbortSignal fired (run cancelled): not a provider failure, so no fallback. */
  "aborted",
] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

export interface ProviderErrorInit {
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  provider?: string;
  model?: string;
  /** Tokens were spent even though the call failed (malformed output): they must be billed. */
  usage?: TokenUsage;
  /** What the model said, for a repair prompt. */
  rawText?: string;
  /** The parsed output when it was JSON but broke the contract. */
  output?: unknown;
  /** Contract differences, for malformed output that parsed. */
  issues?: ContractIssue[];
  latencyMs?: number;
  cause?: unknown;
}

const DEFAULT_RETRYABLE: Record<ProviderErrorCode, boolean> = {
  rate_limit: true,
  timeout: true,
  auth: false,
  bad_request: false,
  server: true,
  // Sampling again (or repairing) can fix it; a refusal or a length cut-off sets it false.
  malformed_output: true,
  network: true,
  aborted: false,
};

/** The one error every provider throws. Step records store `toJSON()`. */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly usage: TokenUsage | undefined;
  readonly rawText: string | undefined;
  readonly output: unknown;
  readonly issues: ContractIssue[] | undefined;
  readonly latencyMs: number | undefined;

  constructor(code: ProviderErrorCode, message: string, init: ProviderErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ProviderError";
    this.code = code;
    this.retryable = init.retryable ?? DEFAULT_RETRYABLE[code];
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
    this.provider = init.provider;
    this.model = init.model;
    this.usage = init.usage;
    this.rawText = init.rawText;
    this.output = init.output;
    this.issues = init.issues;
    this.latencyMs = init.latencyMs;
  }

  toJSON() {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.model !== undefined ? { model: this.model } : {}),
      ...(this.issues !== undefined ? { issues: this.issues } : {}),
    };
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}
