import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DataSchema } from "@/core/contracts";
import { AnthropicProvider } from "./anthropic";
import { anthropicError, message, startFakeAnthropic, type FakeAnthropic } from "./testing/fake-anthropic";
import { ProviderError } from "./types";

const schema: DataSchema = {
  type: "object",
  required: ["invoiceNumber", "total"],
  properties: {
    invoiceNumber: { type: "string" },
    total: { type: "number", minimum: 0 },
    currency: { type: "string", enum: ["EUR", "USD"] },
  },
};

const request = {
  model: "claude-haiku-4-5",
  system: "You extract invoice fields.",
  prompt: "Invoice INV-7 total 120 EUR",
  outputSchema: schema,
  schemaName: "extract",
  maxTokens: 500,
  task: "extract" as const,
};

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

function provider(extra: Partial<ConstructorParameters<typeof AnthropicProvider>[0]> = {}) {
  return new AnthropicProvider({ id: "anthropic", apiKey: "sk-ant-test-5678", baseUrl: fake.url, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("AnthropicProvider against a fake Messages server", () => {
  it("forces one tool whose input_schema is the contract, with the SDK's auth and version headers", async () => {
    fake.enqueue(message({ toolName: "extract", toolInput: { invoiceNumber: "INV-7", total: 120, currency: "EUR" } }));
    await provider().complete(request);

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe("/v1/messages");
    // @anthropic-ai/sdk 1.x sends the API key as a bearer token; 0.x sent it as x-api-key.
    expect(sent.headers.authorization).toBe("Bearer sk-ant-test-5678");
    expect(sent.headers["x-api-key"]).toBeUndefined();
    expect(sent.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent.headers["x-stainless-retry-count"]).toBe("0");
    expect(sent.body.model).toBe("claude-haiku-4-5");
    expect(sent.body.max_tokens).toBe(500);
    expect(sent.body.system).toBe("You extract invoice fields.");
    expect(sent.body.messages).toEqual([{ role: "user", content: "Invoice INV-7 total 120 EUR" }]);
    expect(sent.body.tools).toHaveLength(1);
    expect(sent.body.tools[0].name).toBe("extract");
    expect(sent.body.tools[0].input_schema).toEqual(schema);
    expect(sent.body.tool_choice).toEqual({ type: "tool", name: "extract", disable_parallel_tool_use: true });
  });

  it("returns the tool_use input and sums cache reads and writes into input tokens", async () => {
    fake.enqueue(
      message({
        toolName: "extract",
        toolInput: { invoiceNumber: "INV-7", total: 120 },
        inputTokens: 200,
        cacheReadTokens: 2048,
        cacheCreationTokens: 100,
        outputTokens: 33,
      }),
    );
    const res = await provider().complete(request);
    expect(res.output).toEqual({ invoiceNumber: "INV-7", total: 120 });
    expect(res.usage).toEqual({ inputTokens: 2348, cachedInputTokens: 2048, outputTokens: 33 });
    expect(res.provider).toBe("anthropic");
    expect(res.model).toBe("claude-haiku-4-5-20251001");
    expect(res.finishReason).toBe("tool_use");
    expect(JSON.parse(res.rawText)).toEqual({ invoiceNumber: "INV-7", total: 120 });
  });

  it("wraps a non-object contract in { value }", async () => {
    fake.enqueue(message({ toolName: "extract", toolInput: { value: "EUR" } }));
    const res = await provider().complete({ ...request, outputSchema: { type: "string", enum: ["EUR", "USD"] } });
    expect(res.output).toBe("EUR");
    expect(fake.requests[0]!.body.tools[0].input_schema.type).toBe("object");
  });

  it("defaults max_tokens, which the Messages API requires", async () => {
    fake.enqueue(message({ toolName: "extract", toolInput: { invoiceNumber: "A", total: 1 } }));
    const { maxTokens: _, ...rest } = request;
    await provider().complete(rest);
    expect(fake.requests[0]!.body.max_tokens).toBe(4096);
  });

  it("maps 429 with retry-after, 401, 500 and 529 (overloaded)", async () => {
    fake.enqueue(anthropicError(429, "rate_limit_error", "Number of requests has exceeded your rate limit", { "retry-after": "3" }));
    const limited = await failure(provider().complete(request));
    expect([limited.code, limited.retryable, limited.retryAfterMs]).toEqual(["rate_limit", true, 3000]);
    expect(limited.message).toContain("exceeded your rate limit");

    fake.enqueue(anthropicError(401, "authentication_error", "invalid x-api-key"));
    const auth = await failure(provider().complete(request));
    expect([auth.code, auth.retryable]).toEqual(["auth", false]);

    fake.enqueue(anthropicError(500, "api_error", "Internal server error"));
    const server = await failure(provider().complete(request));
    expect([server.code, server.retryable, server.status]).toEqual(["server", true, 500]);

    fake.enqueue(anthropicError(529, "overloaded_error", "Overloaded"));
    const overloaded = await failure(provider().complete(request));
    expect([overloaded.code, overloaded.retryable]).toEqual(["server", true]);
    expect(fake.requests).toHaveLength(4);
  });

  it("maps a missing tool call, a contract mismatch and a max_tokens stop to malformed_output", async () => {
    fake.enqueue(message({ text: "Sorry, I cannot find an invoice number." }));
    const noTool = await failure(provider().complete(request));
    expect(noTool.code).toBe("malformed_output");
    expect(noTool.usage?.outputTokens).toBe(12);

    fake.enqueue(message({ toolName: "extract", toolInput: { invoiceNumber: "INV-7", total: "120 EUR" } }));
    const mismatch = await failure(provider().complete(request));
    expect(mismatch.code).toBe("malformed_output");
    expect(mismatch.issues?.map((i) => i.path)).toEqual(["total"]);

    fake.enqueue(message({ toolName: "extract", toolInput: { invoiceNumber: "INV-7" }, stopReason: "max_tokens" }));
    const cut = await failure(provider().complete(request));
    expect([cut.code, cut.retryable]).toEqual(["malformed_output", false]);
  });

  it("accepts the JSON when a model answers in text instead of the tool", async () => {
    fake.enqueue(message({ text: '{"invoiceNumber":"INV-8","total":5}' }));
    const res = await provider().complete(request);
    expect(res.output).toEqual({ invoiceNumber: "INV-8", total: 5 });
  });

  it("maps a slow server to timeout", async () => {
    fake.enqueue({ ...message({ toolName: "extract", toolInput: { invoiceNumber: "A", total: 1 } }), delayMs: 2_000 });
    const error = await failure(provider({ timeoutMs: 150 }).complete(request));
    expect([error.code, error.retryable]).toEqual(["timeout", true]);
  });

  it("refuses to call without a key", async () => {
    const error = await failure(new AnthropicProvider({ id: "anthropic", baseUrl: fake.url }).complete(request));
    expect(error.code).toBe("auth");
    expect(fake.requests).toHaveLength(0);
  });
});
