import { describe, expect, it } from "vitest";
import { validateData, type DataSchema } from "@/core/contracts";
import { parseSimulateMarkers, simulate, simulatorTier, SimulatorProvider } from "./simulator";
import { ProviderError, type ModelRequest } from "./types";

const triage: DataSchema = {
  type: "object",
  required: ["category", "urgency", "confidence", "summary"],
  properties: {
    category: { type: "string", enum: ["billing", "technical", "account", "other"] },
    urgency: { type: "string", enum: ["low", "normal", "high"] },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    summary: { type: "string" },
  },
};

const base: ModelRequest = {
  model: "light-1",
  prompt: "Classify this support ticket from a pro customer.\nSubject: Charged twice\n\nMy card was charged twice for the billing period, please refund.",
  outputSchema: triage,
  schemaName: "classify",
  task: "classify",
  seed: "run_1:classify",
};

const sim = (opts: ConstructorParameters<typeof SimulatorProvider>[0] = {}) => new SimulatorProvider({ latencyScale: 0, ...opts });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

// A tiny seeded generator of random contracts (mulberry32), so the schema sweep is reproducible.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ["confidence", "total", "quantity", "email", "summary", "reply", "invoiceNumber", "dueDate", "score", "status", "tags", "x", "url", "sku", "amount", "notes"];

function randomSchema(r: () => number, depth = 0): DataSchema {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const kind = depth >= 3 ? pick(["string", "number", "integer", "boolean", "enum"]) : pick(["object", "object", "array", "string", "number", "integer", "boolean", "enum"]);
  switch (kind) {
    case "object": {
      const properties: Record<string, DataSchema> = {};
      const n = 1 + Math.floor(r() * 5);
      for (let i = 0; i < n; i++) properties[`${pick(NAMES)}${i}`.replace(/0$/, "")] = randomSchema(r, depth + 1);
      const keys = Object.keys(properties);
      return { type: "object", properties, required: keys.filter(() => r() < 0.6), ...(r() < 0.5 ? { additionalProperties: false } : {}) };
    }
    case "array": {
      const minItems = r() < 0.3 ? Math.floor(r() * 4) : undefined;
      const maxItems = r() < 0.3 ? (minItems ?? 0) + Math.floor(r() * 3) : undefined;
      return { type: "array", items: randomSchema(r, depth + 1), minItems, maxItems };
    }
    case "string": {
      const minLength = r() < 0.3 ? Math.floor(r() * 30) : undefined;
      const maxLength = r() < 0.3 ? (minLength ?? 0) + 1 + Math.floor(r() * 20) : undefined;
      return { type: "string", minLength, maxLength };
    }
    case "enum":
      return { type: "string", enum: ["alpha", "beta_gamma", "delta-x", "EUR"].slice(0, 1 + Math.floor(r() * 4)) };
    case "number":
    case "integer": {
      const minimum = r() < 0.5 ? Math.round((r() - 0.5) * 200) / 10 : undefined;
      const maximum = r() < 0.5 ? (minimum ?? -5) + Math.round(r() * 100) / 10 + (kind === "integer" ? 1 : 0) : undefined;
      return { type: kind, minimum, maximum };
    }
    default:
      return { type: "boolean" };
  }
}

describe("simulate: deterministic, schema-valid, realistic", () => {
  it("gives the same output, usage and latency for the same input", async () => {
    const a = await sim().complete(base);
    const b = await sim().complete(base);
    expect(b).toEqual(a);
    const c = await sim().complete({ ...base, seed: "run_2:classify" });
    expect(c.rawText).not.toBe(a.rawText);
  });

  it("produces schema-valid output for many random contracts", () => {
    const r = rng(20240611);
    for (let i = 0; i < 400; i++) {
      const schema = randomSchema(r);
      for (const model of ["light-1", "mid-1", "strong-1"]) {
        const out = simulate({ ...base, model, outputSchema: schema, seed: `s${i}` });
        const issues = validateData(schema, out.output);
        if (issues.length) throw new Error(`schema ${JSON.stringify(schema)} → ${out.rawText}: ${issues[0]!.message}`);
        expect(JSON.parse(out.rawText)).toEqual(out.output);
      }
    }
  });

  it("follows the prompt: enum keyword votes, stated values, plausible confidence", () => {
    const out = simulate(base).output as Record<string, unknown>;
    expect(out.category).toBe("billing");
    expect(out.confidence).toBeGreaterThanOrEqual(0.55);
    expect(out.confidence).toBeLessThanOrEqual(0.98);

    const invoice: DataSchema = {
      type: "object",
      required: ["invoiceNumber", "poNumber", "total", "currency"],
      properties: {
        invoiceNumber: { type: "string" },
        poNumber: { type: "string" },
        total: { type: "number", minimum: 0 },
        currency: { type: "string", enum: ["EUR", "USD", "GBP"] },
      },
    };
    const extracted = simulate({
      ...base,
      task: "extract",
      outputSchema: invoice,
      prompt: "Extract the invoice fields:\n\nInvoice number: INV-2025-0042\nPO: PO-7781\nTotal: 1,250.50 EUR",
    }).output;
    expect(extracted).toEqual({ invoiceNumber: "INV-2025-0042", poNumber: "PO-7781", total: 1250.5, currency: "EUR" });

    const fromJson = simulate({ ...base, outputSchema: invoice, prompt: 'Input: {"invoiceNumber":"A-1","total":99}' }).output as Record<string, unknown>;
    expect(fromJson.invoiceNumber).toBe("A-1");
    expect(fromJson.total).toBe(99);
  });

  it("counts tokens from the text and tier, and stays within maxTokens", () => {
    const light = simulate(base);
    const inputFloor = Math.ceil(base.prompt.length / 4) + Math.ceil(JSON.stringify(triage).length / 4);
    expect(light.usage.inputTokens).toBeGreaterThanOrEqual(inputFloor);
    expect(light.usage.inputTokens).toBeLessThan(inputFloor + 60);
    expect(light.usage.outputTokens).toBeGreaterThanOrEqual(Math.ceil(light.rawText.length / 4));
    expect(light.usage.cachedInputTokens).toBe(0);

    const strong = simulate({ ...base, model: "strong-1" });
    // Strong models write more and think before answering.
    expect(strong.usage.outputTokens).toBeGreaterThan(Math.ceil(strong.rawText.length / 4) + 3);
    expect(simulate({ ...base, model: "strong-1", maxTokens: 10 }).usage.outputTokens).toBe(10);

    const longSystem = simulate({ ...base, system: "Policy. ".repeat(800) });
    expect(longSystem.usage.cachedInputTokens % 128).toBe(0);
    expect(longSystem.usage.cachedInputTokens).toBeLessThanOrEqual(longSystem.usage.inputTokens);
  });

  it("puts latency in the tier's band", () => {
    for (let i = 0; i < 50; i++) {
      const light = simulate({ ...base, seed: `l${i}` }).latencyMs;
      const strong = simulate({ ...base, model: "strong-1", seed: `s${i}` }).latencyMs;
      expect(light).toBeGreaterThanOrEqual(150);
      expect(light).toBeLessThanOrEqual(400);
      expect(strong).toBeGreaterThanOrEqual(600);
      expect(strong).toBeLessThanOrEqual(1500);
    }
  });

  it("waits latency × latencyScale but reports the simulated latency", async () => {
    const started = performance.now();
    const res = await new SimulatorProvider({ latencyScale: 0.1 }).complete(base);
    const waited = performance.now() - started;
    expect(res.latencyMs).toBe(simulate(base).latencyMs);
    expect(waited).toBeGreaterThanOrEqual(res.latencyMs * 0.1 - 5);
    expect(waited).toBeLessThan(res.latencyMs);
  });

  it("knows tiers from simulator and real model names", () => {
    expect(simulatorTier("light-1")).toBe("light");
    expect(simulatorTier("mid-1")).toBe("mid");
    expect(simulatorTier("strong-1")).toBe("strong");
    expect(simulatorTier("gpt-4.1-mini")).toBe("light");
    expect(simulatorTier("claude-haiku-4-5")).toBe("light");
    expect(simulatorTier("gpt-4.1")).toBe("mid");
    expect(simulatorTier("claude-sonnet-4-5")).toBe("mid");
    expect(simulatorTier("claude-opus-4-1")).toBe("strong");
    expect(simulatorTier("o3")).toBe("strong");
    expect(simulatorTier("gpt-5")).toBe("strong");
  });
});

describe("SimulatorProvider failure injection", () => {
  it("rate_limit: retryable with retryAfterMs, for the first `times` calls", async () => {
    const p = sim({ failures: [{ kind: "rate_limit", times: 2 }] });
    for (let i = 0; i < 2; i++) {
      const error = await failure(p.complete(base));
      expect([error.code, error.retryable, error.status]).toEqual(["rate_limit", true, 429]);
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(1000);
    }
    await expect(p.complete(base)).resolves.toMatchObject({ provider: "sim" });
  });

  it("timeout: retryable, reported at the simulated timeout", async () => {
    const p = sim({ failures: [{ kind: "timeout" }], timeoutMs: 30_000 });
    const error = await failure(p.complete(base));
    expect([error.code, error.retryable, error.latencyMs]).toEqual(["timeout", true, 30_000]);
  });

  it("malformed_output: cut-off JSON or a contract break, billed, with raw text for a repair", async () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const p = sim({ failures: [{ kind: "malformed_output" }] });
      const error = await failure(p.complete({ ...base, seed: `m${i}` }));
      expect(error.code).toBe("malformed_output");
      expect(error.usage?.outputTokens).toBeGreaterThan(0);
      expect(error.rawText).toBeTruthy();
      kinds.add(error.issues ? "contract" : "json");
      if (!error.issues) expect(() => JSON.parse(error.rawText!)).toThrow();
    }
    expect(kinds).toEqual(new Set(["contract", "json"]));
  });

  it("low_confidence: forces confidence to 0.3 and otherwise succeeds", async () => {
    const res = await sim({ failures: [{ kind: "low_confidence" }] }).complete(base);
    expect((res.output as Record<string, unknown>).confidence).toBe(0.3);
    expect(validateData(triage, res.output)).toEqual([]);
  });

  it("probability: deterministic per seed and call", async () => {
    const run = async () => {
      const p = sim({ failures: [{ kind: "rate_limit", probability: 0.5 }] });
      const results: string[] = [];
      for (let i = 0; i < 20; i++) results.push(await p.complete({ ...base, seed: `p${i}` }).then(() => "ok", (e: ProviderError) => e.code));
      return results;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain("ok");
    expect(first).toContain("rate_limit");
  });

  it("model and match narrow a rule; inject and reset change rules at run time", async () => {
    const p = sim({ failures: [{ kind: "rate_limit", model: "sim/mid-1" }] });
    await expect(p.complete(base)).resolves.toBeDefined();
    expect((await failure(p.complete({ ...base, model: "mid-1" }))).code).toBe("rate_limit");
    p.reset();
    p.inject({ kind: "timeout", match: "charged twice" });
    expect((await failure(p.complete(base))).code).toBe("timeout");
    await expect(p.complete({ ...base, prompt: "Something else" })).resolves.toBeDefined();
  });

  it("prompt markers trigger failures through ordinary input data", async () => {
    const p = sim();
    const low = await p.complete({ ...base, prompt: `${base.prompt}\n__simulate: low_confidence` });
    expect((low.output as Record<string, unknown>).confidence).toBe(0.3);

    const inJson = `Ticket: {"body":"hi","__simulate":"rate_limit@light-1*1"}`;
    expect((await failure(p.complete({ ...base, prompt: inJson }))).code).toBe("rate_limit");
    // *1: the retry with the same seed succeeds; @light-1: other models were never affected.
    await expect(p.complete({ ...base, prompt: inJson })).resolves.toBeDefined();
    await expect(p.complete({ ...base, prompt: inJson, seed: "other", model: "mid-1" })).resolves.toBeDefined();
    expect((await failure(p.complete({ ...base, prompt: inJson, seed: "another-run" }))).code).toBe("rate_limit");

    expect(parseSimulateMarkers("__simulate: malformed_output*2, timeout@sim/strong-1 nonsense")).toEqual([
      { kind: "malformed_output", times: 2 },
      { kind: "timeout", model: "sim/strong-1" },
    ]);
  });

  it("the marker text does not leak into generated strings", () => {
    const out = simulate({ ...base, prompt: `${base.prompt} __simulate: low_confidence` }).rawText;
    expect(out).not.toContain("__simulate");
  });

  it("an aborted signal stops the wait with `aborted`", async () => {
    const controller = new AbortController();
    const pending = new SimulatorProvider({ latencyScale: 1 }).complete({ ...base, signal: controller.signal });
    controller.abort();
    expect((await failure(pending)).code).toBe("aborted");
  });
});
