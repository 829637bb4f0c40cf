import type { DataSchema } from "@/core/contracts";
import { Draw, hashHex, simulate, type Simulation } from "./simulator-generate";
import { checkOutput } from "./structured-output";
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from "./types";

export { simulate, simulatorTier, type SimTier, type Simulation } from "./simulator-generate";

/**
 * The offline provider and the default: same (model, system, prompt, schema, task, seed) → same
 * output, usage and latency. Outputs are schema-valid and plausible (values are lifted from the
 * prompt where it names them, enums follow keywords in the prompt, `confidence` looks like a
 * model's), token counts and latency follow the model's tier.
 *
 * Failures are injected three ways:
 * - constructor option `failures: [{ kind, times?, probability?, model?, match? }]`;
 * - `inject(rule)` at run time (tests);
 * - a marker anywhere in the system or user prompt, so seeded processes and API callers can
 *   trigger them through ordinary input data, e.g. a ticket body containing
 *   `__simulate: low_confidence` or, in JSON input, `"__simulate": "rate_limit@light-1*2"`.
 *   Grammar: `__simulate: <kind>[@<model>][*<times>]`, several separated by commas or spaces;
 *   kinds: rate_limit, timeout, malformed_output, low_confidence. `@model` limits the failure
 *   to one model (so a fallback model succeeds); `*N` fails only the step's attempts 1..N
 *   (`req.attempt`, durable across restarts; without it, the first N calls per `seed` in memory),
 *   so a retry or repair of the same step succeeds. Rules: server/providers/README.md.
 */

export const SIMULATED_FAILURES = ["rate_limit", "timeout", "malformed_output", "low_confidence"] as const;
export type SimulatedFailure = (typeof SIMULATED_FAILURES)[number];

export interface FailureRule {
  kind: SimulatedFailure;
  /** Fire on the first N matching calls only (default: every matching call). */
  times?: number;
  /** Fire with this probability (0..1), drawn deterministically from the request and call count. */
  probability?: number;
  /** Only calls to this model (`light-1` or `sim/light-1`). */
  model?: string;
  /** Only calls whose prompt or system contains this text. */
  match?: string;
}

export interface SimulatorOptions {
  id?: string;
  /** Multiplies the time actually waited; 0 in tests. The reported latencyMs is never scaled. */
  latencyScale?: number;
  failures?: FailureRule[];
  /** Simulated time before a `timeout` failure (default 10 s, waited × latencyScale). */
  timeoutMs?: number;
}


// ---------------------------------------------------------------------------------------------
// Failure rules

const MARKER = /__simulate["']?\s*[:=]\s*["']?([A-Za-z0-9_@*.\/:, |-]+)/g;
const MARKER_TOKEN = /^(rate_limit|timeout|malformed_output|low_confidence)(?:@([^*\s]+))?(?:\*(\d+))?$/;

/** The failure rules a prompt asks for with `__simulate: …` markers. */
export function parseSimulateMarkers(text: string): FailureRule[] {
  const rules: FailureRule[] = [];
  for (const match of text.matchAll(MARKER)) {
    for (const token of (match[1] ?? "").split(/[,|\s]+/)) {
      const parsed = MARKER_TOKEN.exec(token.trim());
      if (!parsed) continue;
      const rule: FailureRule = { kind: parsed[1] as SimulatedFailure };
      if (parsed[2]) rule.model = parsed[2];
      if (parsed[3]) rule.times = Number(parsed[3]);
      rules.push(rule);
    }
  }
  return rules;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(new Error("aborted")) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}


interface ActiveRule {
  rule: FailureRule;
  fired: number;
  calls: number;
}

export class SimulatorProvider implements ModelProvider {
  readonly id: string;
  readonly kind = "simulator" as const;
  private readonly latencyScale: number;
  private readonly timeoutMs: number;
  private rules: ActiveRule[];
  /** Marker counters for calls without an attempt number, by `${seed or prompt hash}|${marker}`. */
  private readonly markerCounts = new Map<string, { fired: number }>();

  constructor(options: SimulatorOptions = {}) {
    this.id = options.id ?? "sim";
    this.latencyScale = Math.max(0, options.latencyScale ?? 1);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.rules = (options.failures ?? []).map((rule) => ({ rule, fired: 0, calls: 0 }));
  }

  /** Add a failure rule at run time. */
  inject(rule: FailureRule): void {
    this.rules.push({ rule, fired: 0, calls: 0 });
  }

  /** Drop all rules and marker counters. */
  reset(): void {
    this.rules = [];
    this.markerCounts.clear();
  }

  private matches(rule: FailureRule, req: ModelRequest): boolean {
    if (rule.model && rule.model !== req.model && rule.model !== `${this.id}/${req.model}`) return false;
    if (rule.match && !`${req.system ?? ""}\n${req.prompt}`.includes(rule.match)) return false;
    return true;
  }

  /** Which failures fire for this call; counters advance here, once per call. */
  private failuresFor(req: ModelRequest): Set<SimulatedFailure> {
    const fired = new Set<SimulatedFailure>();
    const requestKey = req.seed ?? hashHex(`${req.system ?? ""}\n${req.prompt}`);
    for (const active of this.rules) {
      if (!this.matches(active.rule, req)) continue;
      const call = active.calls++;
      const { times, probability } = active.rule;
      if (times !== undefined && active.fired >= times) continue;
      if (probability !== undefined && new Draw(`${requestKey}|${active.rule.kind}`).unit(`call${call}`) >= probability) continue;
      active.fired++;
      fired.add(active.rule.kind);
    }
    for (const rule of parseSimulateMarkers(`${req.system ?? ""}\n${req.prompt}`)) {
      if (!this.matches(rule, req)) continue;
      if (rule.times !== undefined && req.attempt !== undefined) {
        // Durable: the attempt number comes from the run's step ids, not from this process's memory,
        // so "fails twice then succeeds" still holds when Baton restarts between the attempts.
        if (req.attempt > rule.times) continue;
      } else if (rule.times !== undefined) {
        // Direct use without an attempt number (tests, scripts): count calls per seed in memory.
        const counterKey = `${requestKey}|${rule.kind}@${rule.model ?? "*"}*${rule.times}`;
        const counter = this.markerCounts.get(counterKey) ?? { fired: 0 };
        this.markerCounts.set(counterKey, counter);
        if (counter.fired >= rule.times) continue;
        counter.fired++;
      }
      fired.add(rule.kind);
    }
    return fired;
  }

  async complete(req: ModelRequest): Promise<ModelResponse> {
    const failures = this.failuresFor(req);
    const sim = simulate(req, { lowConfidence: failures.has("low_confidence") });
    const base = { provider: this.id, model: req.model };
    const wait = async (ms: number) => {
      try {
        await sleep(ms * this.latencyScale, req.signal);
      } catch {
        throw new ProviderError("aborted", `The call to ${this.id}/${req.model} was cancelled.`, base);
      }
    };

    if (failures.has("rate_limit")) {
      const retryAfterMs = 1000 * new Draw(hashHex(sim.rawText)).int("retry-after", 1, 5);
      await wait(40);
      throw new ProviderError("rate_limit", `${this.id}/${req.model} is rate limited (simulated).`, {
        ...base,
        status: 429,
        retryAfterMs,
        latencyMs: 40,
      });
    }
    if (failures.has("timeout")) {
      await wait(this.timeoutMs);
      throw new ProviderError("timeout", `${this.id}/${req.model} did not answer in time (simulated).`, {
        ...base,
        latencyMs: this.timeoutMs,
      });
    }
    await wait(sim.latencyMs);
    if (failures.has("malformed_output")) throw this.malformed(req, sim);
    const output = checkOutput(req.outputSchema, sim.output, { ...base, rawText: sim.rawText, usage: sim.usage, latencyMs: sim.latencyMs });
    return { output, rawText: sim.rawText, usage: sim.usage, ...base, latencyMs: sim.latencyMs, finishReason: "stop" };
  }

  /**
   * Half of the simulated malformed answers are cut-off JSON, half parse but break the contract
   * (a required field missing or of the wrong type), so both repair paths get exercised.
   */
  private malformed(req: ModelRequest, sim: Simulation): ProviderError {
    const draw = new Draw(hashHex(`${sim.rawText}|malformed`));
    const ctx = { provider: this.id, model: req.model, usage: sim.usage, latencyMs: sim.latencyMs };
    const broken = breakContract(req.outputSchema, sim.output);
    if (broken !== undefined && draw.unit("variant") < 0.5) {
      const rawText = JSON.stringify(broken);
      try {
        checkOutput(req.outputSchema, broken, { ...ctx, rawText });
      } catch (error) {
        if (error instanceof ProviderError) return error;
      }
    }
    const cut = Math.max(1, Math.floor(sim.rawText.length * (0.3 + 0.5 * draw.unit("cut"))));
    const rawText = sim.rawText.slice(0, Math.min(cut, sim.rawText.length - 1));
    return new ProviderError("malformed_output", `${this.id}/${req.model} did not return valid JSON (simulated: output cut off).`, {
      ...ctx,
      rawText,
    });
  }
}

/** A value that parses but breaks the contract, or undefined when the schema accepts anything. */
function breakContract(schema: DataSchema, value: unknown): unknown {
  if (schema.type === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    const record = { ...(value as Record<string, unknown>) };
    const first = schema.required?.find((k) => k in record);
    if (first) {
      const prop = schema.properties[first];
      // Wrong type rather than missing for half the fields: both are common model mistakes.
      if (prop && prop.type !== "string") record[first] = "n/a";
      else delete record[first];
      return record;
    }
    return undefined;
  }
  if (schema.type === "string") return 42;
  return "not a " + schema.type;
}
