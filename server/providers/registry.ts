import { z } from "zod";
import { AnthropicProvider } from "./anthropic";
import { OpenAIProvider } from "./openai";
import { SimulatorProvider, type FailureRule } from "./simulator";
import {
  ProviderError,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type ProviderErrorCode,
  type TokenUsage,
} from "./types";

export const ProviderKindSchema = z.enum(["openai", "anthropic", "openai-compatible", "simulator"]);

/** One configured provider. `apiKey` is the decrypted key: settings store it sealed (server/crypto). */
export const ProviderConfig = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'A provider id is lowercase letters, digits, "-" or "_", e.g. "openai"' }),
  kind: ProviderKindSchema,
  apiKey: z.string().min(1).optional(),
  baseUrl: z.url().optional(),
  timeoutMs: z.number().int().positive().optional(),
  /** openai-compatible only: `json_schema`, `json_object` (schema in the prompt) or `auto`. */
  structuredOutput: z.enum(["json_schema", "json_object", "auto"]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** simulator only. */
  latencyScale: z.number().nonnegative().optional(),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

const ModelRef = z.string().regex(/^[a-z0-9][a-z0-9_-]*\/\S+$/, { message: 'Name a model as "provider/model", e.g. "sim/light-1"' });

export const ProviderSettings = z.strictObject({
  providers: z.array(ProviderConfig),
  tiers: z.strictObject({ light: ModelRef.optional(), mid: ModelRef.optional(), strong: ModelRef.optional() }),
});
export type ProviderSettings = z.infer<typeof ProviderSettings>;

/** Offline out of the box: one simulator, one model per tier. */
export const DEFAULT_PROVIDER_SETTINGS: ProviderSettings = {
  providers: [{ id: "sim", kind: "simulator" }],
  tiers: { light: "sim/light-1", mid: "sim/mid-1", strong: "sim/strong-1" },
};

export interface ProviderRegistry {
  readonly providers: ReadonlyMap<string, ModelProvider>;
  readonly tiers: ProviderSettings["tiers"];
}

export interface BuildOptions {
  /** Failure rules for simulator providers (tests, demos). */
  simulatorFailures?: FailureRule[];
  /** Overrides every simulator's latencyScale (tests set 0). */
  latencyScale?: number;
  fetch?: typeof fetch;
}

export function createProvider(config: ProviderConfig, options: BuildOptions = {}): ModelProvider {
  switch (config.kind) {
    case "simulator":
      return new SimulatorProvider({
        id: config.id,
        latencyScale: options.latencyScale ?? config.latencyScale,
        failures: options.simulatorFailures,
        timeoutMs: config.timeoutMs,
      });
    case "openai":
    case "openai-compatible":
      return new OpenAIProvider({
        id: config.id,
        kind: config.kind,
        apiKey: config.apiKey,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs,
        structuredOutput: config.structuredOutput,
        headers: config.headers,
        fetch: options.fetch,
      });
    case "anthropic":
      return new AnthropicProvider({
        id: config.id,
        apiKey: config.apiKey,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs,
        headers: config.headers,
        fetch: options.fetch,
      });
  }
}

export function buildRegistry(settings: ProviderSettings = DEFAULT_PROVIDER_SETTINGS, options: BuildOptions = {}): ProviderRegistry {
  const providers = new Map<string, ModelProvider>();
  for (const config of settings.providers) {
    if (providers.has(config.id)) throw new Error(`Provider id "${config.id}" is configured twice.`);
    providers.set(config.id, createProvider(config, options));
  }
  return { providers, tiers: { ...settings.tiers } };
}

/** A registry from ready-made providers (tests, custom providers). */
export function registryOf(providers: readonly ModelProvider[], tiers: ProviderSettings["tiers"] = {}): ProviderRegistry {
  return { providers: new Map(providers.map((p) => [p.id, p])), tiers };
}

/** `provider/model` → its parts; the model keeps any further slashes (`openrouter/anthropic/claude-sonnet-4-5`). */
export function splitModelRef(ref: string): { providerId: string; model: string } | undefined {
  const slash = ref.indexOf("/");
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { providerId: ref.slice(0, slash), model: ref.slice(slash + 1) };
}

export type Resolved = { ok: true; provider: ModelProvider; model: string } | { ok: false; reason: string };

export function resolveModel(registry: ProviderRegistry, ref: string): Resolved {
  const parts = splitModelRef(ref);
  if (!parts) return { ok: false, reason: `"${ref}" is not a model name; use "provider/model", e.g. "sim/light-1".` };
  const provider = registry.providers.get(parts.providerId);
  if (!provider) {
    const known = [...registry.providers.keys()].sort().join(", ") || "none";
    return {
      ok: false,
      reason: `No provider "${parts.providerId}" is configured (configured: ${known}). Add it in settings, or pick another model.`,
    };
  }
  return { ok: true, provider, model: parts.model };
}

/** The `provider/model` a tier maps to, if any. */
export function modelForTier(registry: ProviderRegistry, tier: "light" | "mid" | "strong"): string | undefined {
  return registry.tiers[tier];
}

/** One call in a fallback chain, as step records store it. */
export interface ProviderAttempt {
  /** 1-based position in the chain. */
  index: number;
  /** `provider/model` as the step asked for it. */
  model: string;
  provider: string;
  status: "ok" | "error";
  latencyMs: number;
  /** Tokens billed by this attempt (failed malformed-output calls are billed too). */
  usage?: TokenUsage;
  error?: { code: ProviderErrorCode; message: string; retryable: boolean; status?: number; retryAfterMs?: number };
}

export interface FallbackResult {
  response: ModelResponse;
  /** `provider/model` that answered. */
  model: string;
  attempts: ProviderAttempt[];
}

/** Every model in the chain failed. `lastError` decides retry: Inngest may retry if it is retryable. */
export class FallbackExhaustedError extends Error {
  readonly attempts: ProviderAttempt[];
  readonly lastError: ProviderError;
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;

  constructor(attempts: ProviderAttempt[], lastError: ProviderError) {
    const tried = attempts.map((a) => `${a.model}: ${a.error?.code ?? "ok"}`).join("; ");
    super(`Every model in the chain failed (${tried}). Last error: ${lastError.message}`, { cause: lastError });
    this.name = "FallbackExhaustedError";
    this.attempts = attempts;
    this.lastError = lastError;
    this.code = lastError.code;
    this.retryable = attempts.some((a) => a.error?.retryable);
  }
}

export interface FallbackOptions {
  /** Stop walking on these errors (e.g. the runtime repairs malformed output itself before falling back). */
  stopOn?: (error: ProviderError) => boolean;
  /** Observe each attempt as it completes (live step records). */
  onAttempt?: (attempt: ProviderAttempt) => void;
}

/**
 * Try `chain[0]`, then each fallback in order, on any ProviderError (retryable or not: a fallback
 * is a different model, so even an auth error on one provider is worth routing around). A
 * cancelled call stops the walk. The `model` of `req` is replaced per attempt.
 */
export async function completeWithFallback(
  registry: ProviderRegistry,
  chain: readonly string[],
  req: Omit<ModelRequest, "model">,
  options: FallbackOptions = {},
): Promise<FallbackResult> {
  if (chain.length === 0) throw new Error("completeWithFallback needs at least one model.");
  const attempts: ProviderAttempt[] = [];
  let lastError: ProviderError | undefined;
  for (const [i, ref] of chain.entries()) {
    const resolved = resolveModel(registry, ref);
    const providerId = splitModelRef(ref)?.providerId ?? ref;
    const started = performance.now();
    let error: ProviderError;
    if (!resolved.ok) {
      error = new ProviderError("auth", resolved.reason, { provider: providerId, retryable: false });
    } else {
      try {
        const response = await resolved.provider.complete({ ...req, model: resolved.model });
        const attempt: ProviderAttempt = {
          index: i + 1,
          model: ref,
          provider: resolved.provider.id,
          status: "ok",
          latencyMs: response.latencyMs,
          usage: response.usage,
        };
        attempts.push(attempt);
        options.onAttempt?.(attempt);
        return { response, model: ref, attempts };
      } catch (caught) {
        error =
          caught instanceof ProviderError
            ? caught
            : new ProviderError("server", `${ref} failed unexpectedly: ${caught instanceof Error ? caught.message : String(caught)}`, {
                provider: providerId,
                cause: caught,
              });
      }
    }
    const attempt: ProviderAttempt = {
      index: i + 1,
      model: ref,
      provider: providerId,
      status: "error",
      latencyMs: error.latencyMs ?? Math.round(performance.now() - started),
      ...(error.usage ? { usage: error.usage } : {}),
      error: {
        code: error.code,
        message: error.message,
        retryable: error.retryable,
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      },
    };
    attempts.push(attempt);
    options.onAttempt?.(attempt);
    lastError = error;
    if (error.code === "aborted" || req.signal?.aborted || options.stopOn?.(error)) break;
  }
  throw new FallbackExhaustedError(attempts, lastError!);
}
