import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { fromSdkError, type SdkErrorClasses } from "./error-mapping";
import {
  checkOutput,
  objectRoot,
  parseJsonText,
  restoreOptional,
  safeSchemaName,
  schemaInstructions,
  toStrictJsonSchema,
} from "./structured-output";
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse, type TokenUsage } from "./types";

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * - `json_schema`: the Chat Completions API's strict structured output (OpenAI, vLLM, recent Ollama).
 * - `json_object`: JSON mode plus the schema in the system prompt, for servers without json_schema.
 * - `auto`: json_schema first; if the server rejects `response_format`, switch to json_object
 *   for the lifetime of this provider.
 */
export type StructuredOutputMode = "json_schema" | "json_object" | "auto";

export interface OpenAIProviderOptions {
  id: string;
  kind?: "openai" | "openai-compatible";
  apiKey?: string | undefined;
  /** Defaults to OpenAI's; required in practice for `openai-compatible` (e.g. `http://localhost:11434/v1`). */
  baseUrl?: string | undefined;
  /** Per-request timeout; the SDK's own retries are off, the runtime owns retries. Default 60 s. */
  timeoutMs?: number | undefined;
  /** Default: `json_schema` for openai, `auto` for openai-compatible. */
  structuredOutput?: StructuredOutputMode | undefined;
  /** Extra headers, e.g. OpenRouter's `HTTP-Referer`. */
  headers?: Record<string, string> | undefined;
  fetch?: typeof fetch | undefined;
}

const OPENAI_ERRORS: SdkErrorClasses = { APIError, APIUserAbortError, APIConnectionTimeoutError, APIConnectionError };

/** o-series and gpt-5 reasoning models reject `temperature` other than the default. */
export function isReasoningModel(model: string): boolean {
  const name = model.slice(model.lastIndexOf("/") + 1);
  return /^(o\d|gpt-5)(?!.*-chat)/.test(name);
}

export class OpenAIProvider implements ModelProvider {
  readonly id: string;
  readonly kind: "openai" | "openai-compatible";
  private readonly client: OpenAI;
  private readonly hasKey: boolean;
  private mode: StructuredOutputMode;

  constructor(options: OpenAIProviderOptions) {
    this.id = options.id;
    this.kind = options.kind ?? "openai";
    this.hasKey = Boolean(options.apiKey);
    this.mode = options.structuredOutput ?? (this.kind === "openai" ? "json_schema" : "auto");
    this.client = new OpenAI({
      // Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
      apiKey: options.apiKey || "not-needed",
      baseURL: options.baseUrl ?? OPENAI_BASE_URL,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 60_000,
      // Explicit nulls stop the SDK from reading OPENAI_* variables: config comes from settings only.
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      logLevel: "warn",
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** The mode the next call will use (`auto` resolves after the first rejection). */
  get structuredOutputMode(): StructuredOutputMode {
    return this.mode;
  }

  async complete(req: ModelRequest): Promise<ModelResponse> {
    if (this.kind === "openai" && !this.hasKey) {
      throw new ProviderError("auth", `No API key is configured for provider "${this.id}". Add one in settings.`, {
        provider: this.id,
        model: req.model,
      });
    }
    if (this.mode === "json_object") return this.call(req, "json_object");
    try {
      return await this.call(req, "json_schema");
    } catch (error) {
      if (this.mode === "auto" && rejectsJsonSchema(error)) {
        this.mode = "json_object";
        return this.call(req, "json_object");
      }
      throw error;
    }
  }

  private async call(req: ModelRequest, mode: "json_schema" | "json_object"): Promise<ModelResponse> {
    const root = objectRoot(req.outputSchema);
    const name = safeSchemaName(req.schemaName);
    const system =
      mode === "json_object"
        ? [req.system, schemaInstructions(req.outputSchema, name)].filter(Boolean).join("\n\n")
        : req.system;
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: req.model,
      messages: [
        ...(system ? [{ role: "system" as const, content: system }] : []),
        { role: "user" as const, content: req.prompt },
      ],
      response_format:
        mode === "json_schema"
          ? { type: "json_schema", json_schema: { name, schema: toStrictJsonSchema(root.schema), strict: true } }
          : { type: "json_object" },
    };
    if (req.temperature !== undefined && !isReasoningModel(req.model)) body.temperature = req.temperature;
    if (req.maxTokens !== undefined) {
      // OpenAI deprecated max_tokens (reasoning models reject it); many compatible servers only know it.
      if (this.kind === "openai") body.max_completion_tokens = req.maxTokens;
      else body.max_tokens = req.maxTokens;
    }

    const started = performance.now();
    let completion: ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(body, req.signal ? { signal: req.signal } : undefined);
    } catch (error) {
      throw fromSdkError(error, OPENAI_ERRORS, {
        provider: this.id,
        model: req.model,
        signal: req.signal,
        latencyMs: Math.round(performance.now() - started),
      });
    }
    const latencyMs = Math.round(performance.now() - started);
    const choice = completion.choices[0];
    const rawText = choice?.message.content ?? "";
    const model = completion.model || req.model;
    const usage = usageOf(completion, system ?? "", req.prompt, rawText);
    const ctx = { provider: this.id, model, rawText, usage, latencyMs };
    const finishReason = choice?.finish_reason ?? undefined;

    if (choice?.message.refusal) {
      throw new ProviderError("malformed_output", `${this.id}/${model} refused: ${choice.message.refusal}`, {
        ...ctx,
        retryable: false,
      });
    }
    if (finishReason === "length") {
      throw new ProviderError(
        "malformed_output",
        `${this.id}/${model} stopped at the token limit before finishing the JSON. Raise the step's max tokens.`,
        { ...ctx, retryable: false },
      );
    }
    if (finishReason === "content_filter") {
      throw new ProviderError("malformed_output", `${this.id}/${model} withheld the answer (content filter).`, {
        ...ctx,
        retryable: false,
      });
    }
    const parsed = parseJsonText(rawText);
    if (!parsed.ok) {
      throw new ProviderError("malformed_output", `${this.id}/${model} did not return valid JSON (${parsed.reason}).`, ctx);
    }
    const restored = mode === "json_schema" ? restoreOptional(root.schema, parsed.value) : parsed.value;
    const output = checkOutput(req.outputSchema, root.unwrap(restored), ctx);
    return {
      output,
      rawText,
      usage,
      provider: this.id,
      model,
      latencyMs,
      ...(finishReason ? { finishReason } : {}),
    };
  }
}

/** Some compatible servers omit usage; an estimate (4 characters a token) beats billing zero. */
function usageOf(completion: ChatCompletion, system: string, prompt: string, output: string): TokenUsage {
  const u = completion.usage;
  if (!u) {
    return {
      inputTokens: Math.ceil((system.length + prompt.length) / 4),
      cachedInputTokens: 0,
      outputTokens: Math.ceil(output.length / 4),
    };
  }
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  return { inputTokens: u.prompt_tokens, cachedInputTokens: Math.min(cached, u.prompt_tokens), outputTokens: u.completion_tokens };
}

/** A 400/422 that blames response_format: the server has no json_schema support. */
function rejectsJsonSchema(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    (error.status === 400 || error.status === 422 || error.status === 501) &&
    /response_format|json_schema|structured|schema/i.test(error.message)
  );
}
