import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import type { Message, MessageCreateParamsNonStreaming, Tool } from "@anthropic-ai/sdk/resources/messages";
import { fromSdkError, type SdkErrorClasses } from "./error-mapping";
import { checkOutput, objectRoot, parseJsonText, safeSchemaName } from "./structured-output";
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse, type TokenUsage } from "./types";

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";

/** Anthropic requires max_tokens; this is what a step without its own limit gets. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export interface AnthropicProviderOptions {
  id: string;
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  /** Per-request timeout; the SDK's own retries are off, the runtime owns retries. Default 60 s. */
  timeoutMs?: number | undefined;
  headers?: Record<string, string> | undefined;
  fetch?: typeof fetch | undefined;
}

const ANTHROPIC_ERRORS: SdkErrorClasses = { APIError, APIUserAbortError, APIConnectionTimeoutError, APIConnectionError };

/**
 * Structured output through tool use: one tool whose input_schema is the contract, forced with
 * tool_choice, so the answer arrives as the tool_use block's already-parsed `input`.
 */
export class AnthropicProvider implements ModelProvider {
  readonly id: string;
  readonly kind = "anthropic" as const;
  private readonly client: Anthropic;
  private readonly hasKey: boolean;

  constructor(options: AnthropicProviderOptions) {
    this.id = options.id;
    this.hasKey = Boolean(options.apiKey);
    this.client = new Anthropic({
      // Without a key `complete` fails before any request; the placeholder keeps the SDK from
      // looking for credentials in ANTHROPIC_* variables and profile files. Config comes from
      // settings only, hence the explicit values below too.
      apiKey: options.apiKey || "not-configured",
      authToken: null,
      webhookKey: null,
      baseURL: options.baseUrl ?? ANTHROPIC_BASE_URL,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 60_000,
      logLevel: "warn",
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async complete(req: ModelRequest): Promise<ModelResponse> {
    if (!this.hasKey) {
      throw new ProviderError("auth", `No API key is configured for provider "${this.id}". Add one in settings.`, {
        provider: this.id,
        model: req.model,
      });
    }
    const root = objectRoot(req.outputSchema);
    const name = safeSchemaName(req.schemaName);
    const tool: Tool = {
      name,
      description: `Record the ${req.task ?? "step"} result. Call this tool exactly once with the complete result.`,
      input_schema: root.schema as unknown as Tool.InputSchema,
    };
    // This SDK/API version has no sampling parameters (temperature); the request's is ignored.
    const body: MessageCreateParamsNonStreaming = {
      model: req.model,
      max_tokens: req.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: [{ role: "user", content: req.prompt }],
      tools: [tool],
      tool_choice: { type: "tool", name, disable_parallel_tool_use: true },
      ...(req.system ? { system: req.system } : {}),
    };

    const started = performance.now();
    let message: Message;
    try {
      message = await this.client.messages.create(body, req.signal ? { signal: req.signal } : undefined);
    } catch (error) {
      throw fromSdkError(error, ANTHROPIC_ERRORS, {
        provider: this.id,
        model: req.model,
        signal: req.signal,
        latencyMs: Math.round(performance.now() - started),
      });
    }
    const latencyMs = Math.round(performance.now() - started);
    const model = message.model || req.model;
    const usage = usageOf(message);
    const finishReason = message.stop_reason ?? undefined;
    const toolUse = message.content.find((block) => block.type === "tool_use" && block.name === name);
    const text = message.content
      .map((block) => (block.type === "text" ? block.text : ""))
      .join("")
      .trim();
    const rawText = toolUse && "input" in toolUse ? JSON.stringify(toolUse.input) : text;
    const ctx = { provider: this.id, model, rawText, usage, latencyMs };

    if (finishReason === "refusal") {
      throw new ProviderError("malformed_output", `${this.id}/${model} refused to answer.`, { ...ctx, retryable: false });
    }
    if (finishReason === "max_tokens") {
      throw new ProviderError(
        "malformed_output",
        `${this.id}/${model} stopped at the token limit before finishing the result. Raise the step's max tokens.`,
        { ...ctx, retryable: false },
      );
    }
    let value: unknown;
    if (toolUse && "input" in toolUse) {
      value = toolUse.input;
    } else {
      // A model that answers in text despite tool_choice still gets a chance if the text is the JSON.
      const parsed = parseJsonText(text);
      if (!parsed.ok) {
        throw new ProviderError("malformed_output", `${this.id}/${model} did not call the "${name}" tool with a result.`, ctx);
      }
      value = parsed.value;
    }
    const output = checkOutput(req.outputSchema, root.unwrap(value), ctx);
    return { output, rawText, usage, provider: this.id, model, latencyMs, ...(finishReason ? { finishReason } : {}) };
  }
}

/**
 * Anthropic reports cache reads and cache writes beside `input_tokens`, not inside it; Baton's
 * usage counts cached tokens inside inputTokens (as OpenAI does), so they are summed here.
 */
function usageOf(message: Message): TokenUsage {
  const u = message.usage;
  const read = u.cache_read_input_tokens ?? 0;
  const written = u.cache_creation_input_tokens ?? 0;
  return { inputTokens: u.input_tokens + read + written, cachedInputTokens: read, outputTokens: u.output_tokens };
}
