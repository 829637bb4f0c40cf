import { describe, expect, it } from "vitest";
import type { DataSchema } from "@/core/contracts";
import {
  buildRegistry,
  completeWithFallback,
  DEFAULT_PROVIDER_SETTINGS,
  FallbackExhaustedError,
  ProviderSettings,
  registryOf,
  resolveModel,
  splitModelRef,
} from "./registry";
import { SimulatorProvider } from "./simulator";
import { ProviderError } from "./types";

const schema: DataSchema = {
  type: "object",
  required: ["answer", "confidence"],
  properties: { answer: { type: "string" }, confidence: { type: "number", minimum: 0, maximum: 1 } },
};
const req = { prompt: "What is the status of order 42?", outputSchema: schema, schemaName: "answer", seed: "run:step" };

async function exhausted(promise: Promise<unknown>): Promise<FallbackExhaustedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FallbackExhaustedError);
  return error as FallbackExhaustedError;
}

describe("registry", () => {
  it("defaults to the offline simulator with one model per tier", async () => {
    expect(ProviderSettings.parse(DEFAULT_PROVIDER_SETTINGS)).toEqual(DEFAULT_PROVIDER_SETTINGS);
    const registry = buildRegistry(undefined, { latencyScale: 0 });
    expect(registry.tiers).toEqual({ light: "sim/light-1", mid: "sim/mid-1", strong: "sim/strong-1" });
    const resolved = resolveModel(registry, registry.tiers.light!);
    expect(resolved.ok && resolved.provider.kind).toBe("simulator");
    expect(resolved.ok && resolved.model).toBe("light-1");
  });

  it("builds every kind from settings", () => {
    const registry = buildRegistry({
      providers: [
        { id: "sim", kind: "simulator" },
        { id: "openai", kind: "openai", apiKey: "sk-x" },
        { id: "anthropic", kind: "anthropic", apiKey: "sk-ant-x" },
        { id: "ollama", kind: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1", structuredOutput: "json_object" },
      ],
      tiers: { light: "ollama/llama3.2", mid: "openai/gpt-4.1", strong: "anthropic/claude-sonnet-4-5" },
    });
    expect([...registry.providers.values()].map((p) => [p.id, p.kind])).toEqual([
      ["sim", "simulator"],
      ["openai", "openai"],
      ["anthropic", "anthropic"],
      ["ollama", "openai-compatible"],
    ]);
    expect(() => buildRegistry({ providers: [{ id: "a", kind: "simulator" }, { id: "a", kind: "simulator" }], tiers: {} })).toThrow(/twice/);
  });

  it("splits provider/model at the first slash only", () => {
    expect(splitModelRef("openrouter/anthropic/claude-sonnet-4-5")).toEqual({ providerId: "openrouter", model: "anthropic/claude-sonnet-4-5" });
    expect(splitModelRef("gpt-4o")).toBeUndefined();
    const registry = buildRegistry();
    const missing = resolveModel(registry, "openai/gpt-4o-mini");
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.reason).toContain('No provider "openai"');
  });

  it("accepts real model names on the simulator, explicitly", async () => {
    const registry = buildRegistry(undefined, { latencyScale: 0 });
    const { response, model } = await completeWithFallback(registry, ["sim/gpt-4.1-mini"], req);
    expect(model).toBe("sim/gpt-4.1-mini");
    expect(response.model).toBe("gpt-4.1-mini");
  });
});

describe("completeWithFallback", () => {
  it("returns the first answer with one attempt", async () => {
    const registry = buildRegistry(undefined, { latencyScale: 0 });
    const result = await completeWithFallback(registry, ["sim/light-1", "sim/mid-1"], req);
    expect(result.model).toBe("sim/light-1");
    expect(result.attempts).toEqual([
      { index: 1, model: "sim/light-1", provider: "sim", status: "ok", latencyMs: result.response.latencyMs, usage: result.response.usage },
    ]);
  });

  it("walks the chain on errors, retryable or not, recording each attempt", async () => {
    const registry = registryOf([
      new SimulatorProvider({ latencyScale: 0, failures: [{ kind: "rate_limit", model: "light-1" }, { kind: "malformed_output", model: "mid-1" }] }),
    ]);
    const seen: string[] = [];
    const result = await completeWithFallback(registry, ["openai/gpt-4.1-mini", "sim/light-1", "sim/mid-1", "sim/strong-1"], req, {
      onAttempt: (a) => seen.push(`${a.model}:${a.status}`),
    });
    expect(result.model).toBe("sim/strong-1");
    expect(result.attempts.map((a) => [a.index, a.model, a.status, a.error?.code])).toEqual([
      [1, "openai/gpt-4.1-mini", "error", "auth"],
      [2, "sim/light-1", "error", "rate_limit"],
      [3, "sim/mid-1", "error", "malformed_output"],
      [4, "sim/strong-1", "ok", undefined],
    ]);
    expect(result.attempts[1]!.error).toMatchObject({ retryable: true, status: 429 });
    expect(result.attempts[1]!.error!.retryAfterMs).toBeGreaterThan(0);
    // Malformed output still burned tokens; the attempt carries them for the cost record.
    expect(result.attempts[2]!.usage!.outputTokens).toBeGreaterThan(0);
    expect(seen).toEqual(["openai/gpt-4.1-mini:error", "sim/light-1:error", "sim/mid-1:error", "sim/strong-1:ok"]);
  });

  it("throws FallbackExhaustedError with every attempt when all fail", async () => {
    const registry = registryOf([new SimulatorProvider({ latencyScale: 0, failures: [{ kind: "rate_limit" }] })]);
    const error = await exhausted(completeWithFallback(registry, ["sim/light-1", "sim/mid-1"], req));
    expect(error.attempts).toHaveLength(2);
    expect(error.code).toBe("rate_limit");
    expect(error.retryable).toBe(true);
    expect(error.lastError).toBeInstanceOf(ProviderError);
    expect(error.message).toContain("sim/light-1: rate_limit");
  });

  it("stops on a cancelled run and where the caller says", async () => {
    const registry = registryOf([new SimulatorProvider({ latencyScale: 1 })]);
    const controller = new AbortController();
    controller.abort();
    const aborted = await exhausted(completeWithFallback(registry, ["sim/light-1", "sim/mid-1"], { ...req, signal: controller.signal }));
    expect(aborted.attempts.map((a) => a.error?.code)).toEqual(["aborted"]);

    const failing = registryOf([new SimulatorProvider({ latencyScale: 0, failures: [{ kind: "malformed_output" }] })]);
    const stopped = await exhausted(
      completeWithFallback(failing, ["sim/light-1", "sim/mid-1"], req, { stopOn: (e) => e.code === "malformed_output" }),
    );
    expect(stopped.attempts).toHaveLength(1);
    expect(stopped.lastError.rawText).toBeTruthy();
  });
});
