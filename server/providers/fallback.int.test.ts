import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataSchema } from "@/core/contracts";
import { costOf, lookupPrice, SEED_PRICE_TABLE } from "@/server/pricing/price-table";
import { buildRegistry, completeWithFallback } from "./registry";
import { message, startFakeAnthropic, type FakeAnthropic } from "./testing/fake-anthropic";
import { completion, openaiError, startFakeOpenAI, type FakeOpenAI } from "./testing/fake-openai";

const schema: DataSchema = {
  type: "object",
  required: ["reply", "confidence"],
  properties: { reply: { type: "string", minLength: 1 }, confidence: { type: "number", minimum: 0, maximum: 1 } },
};

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
});
afterAll(() => Promise.all([openai.close(), anthropic.close()]));

describe("fallback chain across real SDKs", () => {
  it("primary 429 → fallback answers; both attempts recorded and the answer priced", async () => {
    const registry = buildRegistry({
      providers: [
        { id: "openai", kind: "openai", apiKey: "sk-primary-0000", baseUrl: `${openai.url}/v1` },
        { id: "anthropic", kind: "anthropic", apiKey: "sk-ant-fallback-1111", baseUrl: anthropic.url },
      ],
      tiers: { mid: "openai/gpt-4.1", strong: "anthropic/claude-sonnet-4-5" },
    });
    openai.enqueue(openaiError(429, "Rate limit reached for gpt-4.1", { headers: { "retry-after": "2" } }));
    anthropic.enqueue(
      message({ toolName: "draft_reply", toolInput: { reply: "Sorry about the double charge.", confidence: 0.82 }, inputTokens: 900, outputTokens: 40 }),
    );

    const result = await completeWithFallback(registry, ["openai/gpt-4.1", "anthropic/claude-sonnet-4-5"], {
      prompt: "Draft a reply",
      outputSchema: schema,
      schemaName: "draft reply",
      task: "generate",
    });

    expect(result.model).toBe("anthropic/claude-sonnet-4-5");
    expect(result.response.output).toEqual({ reply: "Sorry about the double charge.", confidence: 0.82 });
    expect(result.attempts).toHaveLength(2);
    expect(result.attempts[0]).toMatchObject({
      index: 1,
      model: "openai/gpt-4.1",
      provider: "openai",
      status: "error",
      error: { code: "rate_limit", retryable: true, status: 429, retryAfterMs: 2000 },
    });
    expect(result.attempts[1]).toMatchObject({
      index: 2,
      model: "anthropic/claude-sonnet-4-5",
      provider: "anthropic",
      status: "ok",
      usage: { inputTokens: 900, cachedInputTokens: 0, outputTokens: 40 },
    });
    expect(openai.requests.at(-1)!.body.model).toBe("gpt-4.1");
    expect(anthropic.requests.at(-1)!.body.model).toBe("claude-sonnet-4-5");

    const price = lookupPrice(SEED_PRICE_TABLE, result.model)!;
    expect(costOf(price, result.response.usage)).toBeCloseTo((900 * 3 + 40 * 15) / 1e6, 10);
  });
});
