import { ProviderError, type ProviderErrorCode } from "./types";

/** The error classes both Stainless-generated SDKs (openai, @anthropic-ai/sdk) export. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status: number | undefined; headers: Headers | undefined; error?: unknown };
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
}

export interface ErrorContext {
  provider: string;
  model: string;
  signal?: AbortSignal | undefined;
  latencyMs?: number;
}

/** `retry-after-ms` (OpenAI's), then `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Math.round(Number(ms)));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCodeIn(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === "object" && nested !== null) {
    const inner = nested as Record<string, unknown>;
    if (typeof inner.code === "string") return inner.code;
    if (typeof inner.type === "string") return inner.type;
  }
  if (typeof record.code === "string") return record.code;
  if (typeof record.type === "string") return record.type;
  return undefined;
}

/** Map an HTTP failure onto the ProviderError vocabulary. */
export function fromHttpStatus(
  status: number,
  message: string,
  ctx: ErrorContext,
  headers?: Headers,
  body?: unknown,
  cause?: unknown,
): ProviderError {
  const where = `${ctx.provider}/${ctx.model}`;
  const base = { status, provider: ctx.provider, model: ctx.model, latencyMs: ctx.latencyMs, cause };
  const detail = message ? `: ${message}` : "";
  let code: ProviderErrorCode;
  let retryable: boolean | undefined;
  let text: string;
  if (status === 429) {
    code = "rate_limit";
    // OpenAI answers 429 for an exhausted quota too; waiting does not help, topping up does.
    const quota = errorCodeIn(body) === "insufficient_quota";
    retryable = !quota;
    text = quota
      ? `${where}: the account's quota is exhausted${detail}. Add credit or use another provider.`
      : `${where} is rate limited${detail}.`;
  } else if (status === 401 || status === 402 || status === 403) {
    code = "auth";
    text = `${where} rejected the credentials (HTTP ${status})${detail}. Check the provider's API key in settings.`;
  } else if (status === 408 || status === 504) {
    code = "timeout";
    text = `${where} timed out (HTTP ${status})${detail}.`;
  } else if (status === 409 || status >= 500) {
    code = "server";
    text = `${where} failed on the provider's side (HTTP ${status})${detail}.`;
  } else {
    code = "bad_request";
    text = `${where} refused the request (HTTP ${status})${detail}.`;
  }
  return new ProviderError(code, text, { ...base, retryable, retryAfterMs: parseRetryAfter(headers) });
}

/** Map anything an SDK call threw onto a ProviderError. ProviderErrors pass through. */
export function fromSdkError(error: unknown, classes: SdkErrorClasses, ctx: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const where = `${ctx.provider}/${ctx.model}`;
  const common = { provider: ctx.provider, model: ctx.model, latencyMs: ctx.latencyMs, cause: error };
  // Abort first: the SDK reports an abort of our own signal as a user abort, and a timeout
  // as a subclass of the connection error, so the order of these checks matters.
  if (ctx.signal?.aborted || error instanceof classes.APIUserAbortError) {
    return new ProviderError("aborted", `The call to ${where} was cancelled.`, common);
  }
  if (error instanceof classes.APIConnectionTimeoutError) {
    return new ProviderError("timeout", `${where} did not answer in time.`, common);
  }
  if (error instanceof classes.APIConnectionError) {
    const reason = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return new ProviderError("network", `Could not reach ${where}${reason}. Check the base URL and the network.`, common);
  }
  if (error instanceof classes.APIError && typeof error.status === "number") {
    return fromHttpStatus(error.status, conciseMessage(error), ctx, error.headers, error.error, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError("network", `${where} failed unexpectedly: ${message}`, common);
}

/** The provider's own error message, without the SDK's `"429 "` status prefix. */
function conciseMessage(error: Error & { error?: unknown }): string {
  const body = error.error;
  if (typeof body === "object" && body !== null) {
    const nested = (body as Record<string, unknown>).error;
    const source = typeof nested === "object" && nested !== null ? nested : body;
    const message = (source as Record<string, unknown>).message;
    if (typeof message === "string" && message) return message;
  }
  return error.message.replace(/^\d{3}\s+/, "");
}
