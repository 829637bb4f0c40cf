import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DataSchema } from "@/core/contracts";
import { OpenAIProvider } from "./openai";
import { completion, openaiError, startFakeOpenAI, type FakeOpenAI } from "./testing/fake-openai";
import { ProviderError } from "./types";

const schema: DataSchema = {
  type: "object",
  required: ["category", "confidence"],
  properties: {
    category: { type: "string", enum: ["billing", "technical"] },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    note: { type: "string", maxLength: 40 },
    tags: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
  },
};

const request = {
  model: "gpt-4.1-mini",
  system: "You triage tickets.",
  prompt: "I was charged twice.",
  outputSchema: schema,
  schemaName: "classify ticket",
  temperature: 0,
  maxTokens: 300,
  task: "classify" as const,
};

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

function provider(extra: Partial<ConstructorParameters<typeof OpenAIProvider>[0]> = {}) {
  return new OpenAIProvider({ id: "openai", apiKey: "sk-test-key-1234", baseUrl: `${fake.url}/v1`, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("OpenAIProvider against a fake Chat Completions server", () => {
  it("sends a strict json_schema request the way the real SDK does", async () => {
    fake.enqueue(completion({ content: '{"category":"billing","confidence":0.9,"note":null,"tags":null}' }));
    await provider().complete(request);

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-test-key-1234");
    expect(sent.headers["x-stainless-retry-count"]).toBe("0");
    expect(sent.body.model).toBe("gpt-4.1-mini");
    expect(sent.body.messages).toEqual([
      { role: "system", content: "You triage tickets." },
      { role: "user", content: "I was charged twice." },
    ]);
    expect(sent.body.temperature).toBe(0);
    expect(sent.body.max_completion_tokens).toBe(300);
    expect(sent.body.max_tokens).toBeUndefined();

    const format = sent.body.response_format;
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.name).toBe("classify_ticket");
    expect(format.json_schema.strict).toBe(true);
    const strict = format.json_schema.schema;
    expect(strict.additionalProperties).toBe(false);
    expect(strict.required).toEqual(["category", "confidence", "note", "tags"]);
    expect(strict.properties.note).toEqual({ type: ["string", "null"], description: "Length: at most 40 characters." });
    expect(strict.properties.tags.anyOf[1]).toEqual({ type: "null" });
    expect(strict.properties.tags.anyOf[0].items).toEqual({
      type: "object",
      properties: { name: { type: ["string", "null"] } },
      required: ["name"],
      additionalProperties: false,
    });
  });

  it("parses output (nulls on optional fields become absent) and usage with cached tokens", async () => {
    fake.enqueue(
      completion({
        content: '{"category":"billing","confidence":0.91,"note":null,"tags":[{"name":null}]}',
        promptTokens: 1500,
        cachedTokens: 1024,
        completionTokens: 18,
      }),
    );
    const res = await provider().complete(request);
    expect(res.output).toEqual({ category: "billing", confidence: 0.91, tags: [{}] });
    expect(res.usage).toEqual({ inputTokens: 1500, cachedInputTokens: 1024, outputTokens: 18 });
    expect(res.provider).toBe("openai");
    expect(res.model).toBe("gpt-4.1-mini-2025-04-14");
    expect(res.finishReason).toBe("stop");
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("wraps a non-object contract in { value } and unwraps the answer", async () => {
    fake.enqueue(completion({ content: '{"value":["a","b"]}' }));
    const res = await provider().complete({ ...request, outputSchema: { type: "array", items: { type: "string" } } });
    expect(res.output).toEqual(["a", "b"]);
    const strict = fake.requests[0]!.body.response_format.json_schema.schema;
    expect(strict.required).toEqual(["value"]);
  });

  it("leaves temperature out for reasoning models", async () => {
    fake.enqueue(completion({ content: '{"category":"technical","confidence":0.7}' }));
    await provider().complete({ ...request, model: "o4-mini" });
    expect(fake.requests[0]!.body.temperature).toBeUndefined();
  });

  it("maps 429 with retry-after to a retryable rate_limit with retryAfterMs", async () => {
    fake.enqueue(openaiError(429, "Rate limit reached", { type: "rate_limit_exceeded", headers: { "retry-after": "7" } }));
    const error = await failure(provider().complete(request));
    expect(error.code).toBe("rate_limit");
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.status).toBe(429);
    expect(error.message).toContain("Rate limit reached");
    expect(fake.requests).toHaveLength(1); // the SDK's own retries are off
  });

  it("prefers retry-after-ms, and treats an exhausted quota as not retryable", async () => {
    fake.enqueue(openaiError(429, "slow down", { headers: { "retry-after-ms": "250", "retry-after": "9" } }));
    expect((await failure(provider().complete(request))).retryAfterMs).toBe(250);
    fake.enqueue(openaiError(429, "You exceeded your current quota", { code: "insufficient_quota" }));
    const quota = await failure(provider().complete(request));
    expect(quota.code).toBe("rate_limit");
    expect(quota.retryable).toBe(false);
  });

  it("maps 401 to auth (not retryable), 400 to bad_request and 500 to server (retryable)", async () => {
    fake.enqueue(openaiError(401, "Incorrect API key provided", { type: "invalid_request_error", code: "invalid_api_key" }));
    const auth = await failure(provider().complete(request));
    expect([auth.code, auth.retryable, auth.status]).toEqual(["auth", false, 401]);

    fake.enqueue(openaiError(400, "Invalid model"));
    const bad = await failure(provider().complete(request));
    expect([bad.code, bad.retryable]).toEqual(["bad_request", false]);

    fake.enqueue(openaiError(500, "The server had an error", { type: "server_error" }));
    const server = await failure(provider().complete(request));
    expect([server.code, server.retryable, server.status]).toEqual(["server", true, 500]);
  });

  it("maps unparseable content and contract mismatches to malformed_output, keeping usage and raw text", async () => {
    fake.enqueue(completion({ content: '{"category": "billing", "confid', completionTokens: 9 }));
    const broken = await failure(provider().complete(request));
    expect(broken.code).toBe("malformed_output");
    expect(broken.rawText).toBe('{"category": "billing", "confid');
    expect(broken.usage).toEqual({ inputTokens: 42, cachedInputTokens: 0, outputTokens: 9 });

    fake.enqueue(completion({ content: '{"category":"refund","confidence":0.5}' }));
    const mismatch = await failure(provider().complete(request));
    expect(mismatch.code).toBe("malformed_output");
    expect(mismatch.issues?.[0]?.path).toBe("category");
    expect(mismatch.output).toEqual({ category: "refund", confidence: 0.5 });
  });

  it("maps a refusal and a length cut-off to non-retryable malformed_output", async () => {
    fake.enqueue(completion({ content: null, refusal: "I can't help with that." }));
    const refusal = await failure(provider().complete(request));
    expect([refusal.code, refusal.retryable]).toEqual(["malformed_output", false]);
    expect(refusal.message).toContain("refused");

    fake.enqueue(completion({ content: '{"category":"bil', finishReason: "length" }));
    const cut = await failure(provider().complete(request));
    expect([cut.code, cut.retryable]).toEqual(["malformed_output", false]);
    expect(cut.message).toContain("max tokens");
  });

  it("maps a slow server to timeout", async () => {
    fake.enqueue({ ...completion({ content: '{"category":"billing","confidence":0.9}' }), delayMs: 2_000 });
    const error = await failure(provider({ timeoutMs: 150 }).complete(request));
    expect(error.code).toBe("timeout");
    expect(error.retryable).toBe(true);
  });

  it("maps a dropped connection to network and an aborted signal to aborted", async () => {
    fake.enqueue({ destroy: true });
    const dropped = await failure(provider().complete(request));
    expect([dropped.code, dropped.retryable]).toEqual(["network", true]);

    fake.enqueue({ ...completion(), delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(provider().complete({ ...request, signal: controller.signal }));
    expect([aborted.code, aborted.retryable]).toEqual(["aborted", false]);
  });

  it("refuses to call OpenAI without a key, before any request", async () => {
    const error = await failure(new OpenAIProvider({ id: "openai", baseUrl: `${fake.url}/v1` }).complete(request));
    expect(error.code).toBe("auth");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("openai-compatible", () => {
  it("sends max_tokens and no key is needed", async () => {
    fake.enqueue(completion({ content: '{"category":"billing","confidence":0.8}' }));
    const local = new OpenAIProvider({ id: "ollama", kind: "openai-compatible", baseUrl: `${fake.url}/v1`, structuredOutput: "json_schema" });
    const res = await local.complete(request);
    expect(res.provider).toBe("ollama");
    expect(fake.requests[0]!.body.max_tokens).toBe(300);
    expect(fake.requests[0]!.body.max_completion_tokens).toBeUndefined();
  });

  it("json_object mode puts the schema in the system prompt and tolerates a Markdown fence", async () => {
    fake.enqueue(completion({ content: 'Here you go:\n```json\n{"category":"technical","confidence":0.66}\n```', omitUsage: true }));
    const local = new OpenAIProvider({ id: "vllm", kind: "openai-compatible", baseUrl: `${fake.url}/v1`, structuredOutput: "json_object" });
    const res = await local.complete(request);
    expect(res.output).toEqual({ category: "technical", confidence: 0.66 });
    expect(res.usage.inputTokens).toBeGreaterThan(0); // estimated when the server sends none
    const sent = fake.requests[0]!.body;
    expect(sent.response_format).toEqual({ type: "json_object" });
    expect(sent.messages[0].role).toBe("system");
    expect(sent.messages[0].content).toContain("You triage tickets.");
    expect(sent.messages[0].content).toContain('"enum":["billing","technical"]');
  });

  it("auto mode falls back to json_object once the server rejects json_schema, and remembers", async () => {
    fake.enqueue(openaiError(400, "response_format json_schema is not supported by this model"));
    fake.enqueue(completion({ content: '{"category":"billing","confidence":0.75}' }));
    fake.enqueue(completion({ content: '{"category":"billing","confidence":0.8}' }));
    const local = new OpenAIProvider({ id: "litellm", kind: "openai-compatible", baseUrl: `${fake.url}/v1` });
    expect(local.structuredOutputMode).toBe("auto");
    const res = await local.complete(request);
    expect(res.output).toEqual({ category: "billing", confidence: 0.75 });
    expect(fake.requests.map((r) => r.body.response_format.type)).toEqual(["json_schema", "json_object"]);
    expect(local.structuredOutputMode).toBe("json_object");
    await local.complete(request);
    expect(fake.requests[2]!.body.response_format.type).toBe("json_object");
  });

  it("auto mode does not hide other bad requests", async () => {
    fake.enqueue(openaiError(400, "model 'nope' not found"));
    const local = new OpenAIProvider({ id: "litellm", kind: "openai-compatible", baseUrl: `${fake.url}/v1` });
    const error = await failure(local.complete(request));
    expect(error.code).toBe("bad_request");
    expect(fake.requests).toHaveLength(1);
  });
});
