import { createHash } from "node:crypto";
import type { DataSchema } from "@/core/contracts";
import {
  booleanByRule,
  classifyConfidence,
  enumByRule,
  applyMatchRule,
  statedAmount,
  statedIdentifier,
  statedLineItems,
} from "./simulator-rules";
import type { ModelRequest, TokenUsage } from "./types";

/**
 * What the simulator answers when it does not fail: deterministic, schema-valid output lifted from
 * the prompt where it can be, with token usage and latency that follow the model's tier. Pure; the
 * provider (simulator.ts) adds waiting and injected failures.
 */

export type SimTier = "light" | "mid" | "strong";

interface TierProfile {
  latency: [number, number];
  /** Words in a free-text field. */
  words: [number, number];
  /** Hidden reasoning tokens as a share of the visible output. */
  reasoning: [number, number];
}

const TIERS: Record<SimTier, TierProfile> = {
  light: { latency: [150, 400], words: [6, 14], reasoning: [0, 0] },
  mid: { latency: [300, 900], words: [10, 24], reasoning: [0, 0.15] },
  strong: { latency: [600, 1500], words: [16, 36], reasoning: [0.3, 0.9] },
};

/**
 * The tier a model name suggests. Simulator models are `light-1`, `mid-1`, `strong-1`; real
 * names work too (`sim/gpt-4.1-mini` behaves like a light model) so a process can be tried
 * offline with the models it will use.
 */
export function simulatorTier(model: string): SimTier {
  const name = model.toLowerCase();
  if (/light|mini|nano|haiku|flash|small|lite|tiny|\b[1-9]b\b/.test(name)) return "light";
  if (/strong|opus|(^|[^a-z])o[13](\b|-)|gpt-5|large|ultra|\bpro\b|405b|70b/.test(name)) return "strong";
  return "mid";
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: every draw is a hash of the request key plus a label, so one field's
// value does not shift when another field is added to the schema.

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function hashHex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export class Draw {
  constructor(private readonly key: string) {}
  /** Uniform in [0, 1) for this label. */
  unit(label: string): number {
    return parseInt(hashHex(`${this.key}\u0000${label}`).slice(0, 13), 16) / 2 ** 52;
  }
  int(label: string, min: number, max: number): number {
    return min + Math.floor(this.unit(label) * (max - min + 1));
  }
  pick<T>(label: string, items: readonly T[]): T {
    return items[Math.min(items.length - 1, Math.floor(this.unit(label) * items.length))]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Output generation

const STOP = new Set(
  "the a an and or but of to in on for with from this that these those is are was were be been it its as at by we you i me my our your their they he she his her not no yes do does did have has had will would can could should please into about than then there here what which who whom when where why how all any some more most very just also only over under up down out if so such per via".split(
    " ",
  ),
);

interface GenContext {
  draw: Draw;
  text: string;
  words: string[];
  passage: string[];
  task: ModelRequest["task"];
  tier: TierProfile;
  lowConfidence: boolean;
}

function promptWords(text: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const raw of text.replace(/__simulate\S*/gi, " ").match(/[\p{L}][\p{L}\p{N}'-]{2,}/gu) ?? []) {
    const word = raw.toLowerCase();
    if (STOP.has(word) || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words.length ? words : ["request", "details", "review", "update", "customer", "status"];
}

function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A value the prompt states for this field: `"total": 1250` (JSON input) or `Total: 1,250.00`
 * (document text). What extraction tasks are for.
 */
function statedValue(field: string, text: string): string | undefined {
  const json = new RegExp(`"${escapeRegex(field)}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?|true|false)`, "i").exec(text);
  if (json?.[1]) return json[1].startsWith('"') ? (JSON.parse(json[1]) as string) : json[1];
  const words = splitName(field);
  const last = words[words.length - 1];
  const head = ["number", "no", "id", "num"].includes(last ?? "") && words.length > 1 ? words.slice(0, -1) : words;
  const label = head.map(escapeRegex).join("[\\s_-]*");
  const re = new RegExp(`\\b${label}\\b\\s*(?:number|no\\.?|num|id|#)?\\s*[:=#]\\s*([^\\n;|]+)`, "i");
  const match = re.exec(text);
  return match?.[1]?.trim() || undefined;
}

function parseNumber(text: string): number | undefined {
  const match = /-?\d[\d,' ]*(?:\.\d+)?/.exec(text);
  if (!match) return undefined;
  const n = Number(match[0].replace(/[,' ]/g, ""));
  return Number.isFinite(n) ? n : undefined;
}

function clamp(n: number, min: number | undefined, max: number | undefined): number {
  return Math.min(max ?? Infinity, Math.max(min ?? -Infinity, n));
}

function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

function genNumber(schema: Extract<DataSchema, { type: "number" | "integer" }>, path: string, name: string, ctx: GenContext): number {
  const lname = name.toLowerCase();
  const integer = schema.type === "integer";
  // Integers clamp to the whole numbers inside fractional bounds (maximum 5.2 → 5).
  const lo = integer && schema.minimum !== undefined ? Math.ceil(schema.minimum) : schema.minimum;
  const hi = integer && schema.maximum !== undefined ? Math.floor(schema.maximum) : schema.maximum;
  // `+ 0` turns -0 (from rounding small negatives) into 0, which JSON cannot tell apart anyway.
  const fit = (n: number) => clamp(integer ? Math.round(n) : round(n, 2), lo, hi) + 0;
  if (/confidence/.test(lname)) {
    if (ctx.lowConfidence) return fit(0.3);
    if (ctx.task === "classify") return fit(classifyConfidence(ctx.text, ctx.draw.unit(`${path}#conf`)));
    return fit(0.55 + ctx.draw.unit(`${path}#conf`) * 0.43);
  }
  const stated = statedValue(name, ctx.text);
  const parsed = stated === undefined ? undefined : parseNumber(stated);
  if (parsed !== undefined) return fit(parsed);
  if (ctx.task === "extract") {
    // Extraction copies what the document says ("total 120.00"); a number it does not state is 0,
    // never an invented amount.
    return fit(statedAmount(splitName(name), ctx.text) ?? 0);
  }
  const u = ctx.draw.unit(path);
  if (schema.minimum !== undefined && schema.maximum !== undefined) return fit(schema.minimum + u * (schema.maximum - schema.minimum));
  let base: number;
  if (/score|probab|ratio|share|rate/.test(lname)) base = u;
  else if (/percent|pct/.test(lname)) base = u * 100;
  else if (/quantity|qty|count|items|iteration|attempt/.test(lname)) base = 1 + Math.floor(u * 12);
  else if (/amount|total|price|cost|sum|balance|fee|difference|delta/.test(lname)) base = 10 + u * 4990;
  else if (/year/.test(lname)) base = 2020 + Math.floor(u * 6);
  else base = u * 100;
  const offset = schema.minimum !== undefined && base < schema.minimum ? schema.minimum : 0;
  return fit(base + offset);
}

function genEnum(values: readonly string[], path: string, name: string, ctx: GenContext): string {
  const stated = statedValue(name, ctx.text);
  if (stated) {
    const hit = values.find((v) => stated.toLowerCase().startsWith(v.toLowerCase()));
    if (hit) return hit;
  }
  const ruled = enumByRule(name, values, ctx.text);
  if (ruled) return ruled;
  // Keyword vote: the value the prompt mentions most often wins; an enumeration of all options
  // in the prompt adds one to each and changes nothing. Ties are broken by hash.
  const lower = ctx.text.toLowerCase();
  const scores = values.map((v) => {
    const needle = v.toLowerCase().replace(/[_-]+/g, "[ _-]");
    return (lower.match(new RegExp(`\\b${needle}\\b`, "g")) ?? []).length;
  });
  const best = Math.max(...scores);
  const tied = values.filter((_, i) => scores[i] === best);
  return ctx.draw.pick(path, best > 0 ? tied : values);
}

const LEADS: Record<string, string[]> = {
  reply: ["Hello, thank you for your message. You wrote:", "Hi, thanks for reaching out. About", "Thank you for contacting us regarding"],
  summary: ["The request concerns:", "Summary:", "In short:"],
  reason: ["Because of:", "Based on:", "Deciding factor:"],
  plan: ["First, review:", "Start with:", "Step one:"],
  generic: ["Regarding:", "Notes:", "Re:"],
};

function leadFor(name: string, task: ModelRequest["task"]): string[] {
  const n = name.toLowerCase();
  if (/reply|answer|response|draft|message|email[-_]?body|body/.test(n)) return LEADS.reply!;
  if (/summary|abstract|overview|description|goal/.test(n)) return LEADS.summary!;
  if (/reason|rationale|explanation|justification|why/.test(n)) return LEADS.reason!;
  if (/plan|step|approach|strategy/.test(n) || task === "plan") return LEADS.plan!;
  return LEADS.generic!;
}

/** Content words for short fields (names, titles, labels). */
function phrase(ctx: GenContext, path: string, count: number): string {
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(ctx.draw.pick(`${path}~${i}`, ctx.words));
  return words.join(" ");
}

/**
 * Free text reads like a paraphrase: a window of consecutive words from the prompt's last
 * substantial paragraph, which is usually the material (ticket, document), not the instruction.
 */
function passage(ctx: GenContext, path: string, count: number): string {
  const words = ctx.passage;
  if (words.length <= count) return words.join(" ");
  const start = ctx.draw.int(`${path}#at`, 0, words.length - count);
  return words.slice(start, start + count).join(" ");
}

function passageWords(prompt: string): string[] {
  const cleaned = prompt.replace(/__simulate\S*(\s*[:=]\s*\S+)?/gi, " ");
  const words = (text: string) =>
    (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’@.,-]*/gu) ?? []).map((w) => w.replace(/[.,]+$/, "")).filter(Boolean);
  const blocks = cleaned.split(/\n\s*\n/).map(words);
  // Prompts put the instruction first and the material last.
  for (let i = blocks.length - 1; i >= 0; i--) if (blocks[i]!.length >= 6) return blocks[i]!;
  return blocks.reduce((a, b) => (b.length > a.length ? b : a), []);
}

function fitLength(text: string, schema: Extract<DataSchema, { type: "string" }>, ctx: GenContext, path: string): string {
  let out = text;
  let i = 0;
  while (schema.minLength !== undefined && out.length < schema.minLength) out += ` ${ctx.draw.pick(`${path}+${i++}`, ctx.words)}`;
  if (schema.maxLength !== undefined && out.length > schema.maxLength) out = out.slice(0, schema.maxLength).trimEnd();
  // Trimming can undershoot a minimum again only when min > max, which no valid contract has.
  return out;
}

function genString(schema: Extract<DataSchema, { type: "string" }>, path: string, name: string, ctx: GenContext): string {
  if (schema.enum) return genEnum(schema.enum, path, name, ctx);
  const n = name.toLowerCase();
  const d = ctx.draw;
  const stated = /summary|reply|draft|reason|plan|description|body|text|message/.test(n) ? undefined : statedValue(name, ctx.text);
  const idLike = /(^|[^a-z])(id|sku|code|ref|reference)$|number$|^sku/.test(n) || /Id$|Number$|Ref$|No$/.test(name);
  const identifier = !stated && idLike && ctx.task === "extract" ? (statedIdentifier(splitName(name), ctx.text) ?? "") : undefined;
  let value: string;
  if (stated) value = stated.replace(/^["']|["'],?$/g, "").slice(0, 120);
  // An identifier the document lacks stays empty: an extraction does not invent a PO number.
  else if (identifier !== undefined) value = identifier;
  else if (/e-?mail/.test(n)) value = `${d.pick(`${path}u`, ["alex", "sam", "kim", "jo", "lee"])}.${d.pick(`${path}d`, ctx.words)}@example.com`;
  else if (/url|link|href/.test(n)) value = `https://example.com/${d.pick(path, ctx.words)}/${d.int(`${path}n`, 100, 999)}`;
  else if (/date|_at$|At$|deadline|due/.test(name))
    value = new Date(Date.UTC(2025, d.int(`${path}m`, 0, 11), d.int(`${path}d`, 1, 28))).toISOString().slice(0, 10);
  else if (/(^|[^a-z])(id|sku|code|ref|reference)$|number$|^sku/.test(n) || /Id$|Number$|Ref$/.test(name))
    value = `${splitName(name)[0]!.slice(0, 3).toUpperCase()}-${d.int(path, 1000, 99999)}`;
  else if (/currency/.test(n)) value = d.pick(path, ["EUR", "USD", "GBP"]);
  else if (/name|title|label|subject|category|status|type|kind|owner|assignee|agent|tool/.test(n)) {
    const p = phrase(ctx, path, d.int(`${path}#w`, 1, 3));
    value = p.charAt(0).toUpperCase() + p.slice(1);
  } else {
    const [lo, hi] = ctx.tier.words;
    const count = d.int(`${path}#w`, lo, hi);
    const body = passage(ctx, path, count) || phrase(ctx, path, count);
    value = `${d.pick(`${path}#lead`, leadFor(name, ctx.task))} ${body}.`;
  }
  return fitLength(value, schema, ctx, path);
}

function generate(schema: DataSchema, path: string, name: string, ctx: GenContext): unknown {
  switch (schema.type) {
    case "object": {
      const required = new Set(schema.required ?? []);
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties)) {
        const child = path ? `${path}.${key}` : key;
        if (!required.has(key) && ctx.draw.unit(`${child}?`) < 0.25) continue;
        out[key] = generate(prop, child, key, ctx);
      }
      return out;
    }
    case "array": {
      if (ctx.task === "extract" && schema.items.type === "object" && /line|item|position/i.test(name)) {
        return extractLines(schema.items, path, ctx);
      }
      const min = schema.minItems ?? 1;
      const max = Math.max(min, Math.min(schema.maxItems ?? 3, Math.max(3, min)));
      const count = schema.maxItems === 0 ? 0 : ctx.draw.int(`${path}#n`, Math.min(min, max), max);
      const itemName = name.endsWith("s") ? name.slice(0, -1) : name;
      return Array.from({ length: count }, (_, i) => generate(schema.items, `${path}.${i}`, itemName, ctx));
    }
    case "string":
      return genString(schema, path, name, ctx);
    case "number":
    case "integer":
      return genNumber(schema, path, name, ctx);
    case "boolean":
      return booleanByRule(name, ctx.text) ?? ctx.draw.unit(path) < 0.5;
  }
}

/** The line items the document lists, mapped onto the contract's item fields. */
function extractLines(items: Extract<DataSchema, { type: "object" }>, path: string, ctx: GenContext): unknown[] {
  const total = statedAmount(["total"], ctx.text);
  return statedLineItems(ctx.text, total).map((line, i) => {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(items.properties)) {
      const k = key.toLowerCase();
      if (/sku|product|article|item|description|name/.test(k)) out[key] = line.sku;
      else if (/qty|quantity|count/.test(k)) out[key] = line.quantity;
      else if (/price|amount/.test(k)) out[key] = line.unitPrice ?? 0;
      else if ((items.required ?? []).includes(key)) out[key] = generate(prop, `${path}.${i}.${key}`, key, ctx);
    }
    return out;
  });
}

export interface Simulation {
  output: unknown;
  rawText: string;
  usage: TokenUsage;
  latencyMs: number;
  tier: SimTier;
}

/**
 * The pure part of the simulator: what a successful call returns. Exposed for the cost
 * calculator and for tests; `SimulatorProvider.complete` adds waiting and failures.
 */
export function simulate(req: ModelRequest, opts: { lowConfidence?: boolean } = {}): Simulation {
  const key = hashHex(
    stableJson({ model: req.model, system: req.system ?? "", prompt: req.prompt, schema: req.outputSchema, task: req.task, seed: req.seed ?? "" }),
  );
  const draw = new Draw(key);
  const tierName = simulatorTier(req.model);
  const tier = TIERS[tierName];
  const text = `${req.system ?? ""}\n${req.prompt}`;
  const ctx: GenContext = { draw, text, words: promptWords(req.prompt), passage: passageWords(req.prompt), task: req.task, tier, lowConfidence: opts.lowConfidence ?? false };
  const output = applyMatchRule(req.outputSchema, generate(req.outputSchema, "", req.schemaName, ctx), req.prompt);
  const rawText = JSON.stringify(output);
  return { output, rawText, usage: usageFor(req, rawText, draw, tier), latencyMs: latencyFor(rawText, draw, tier), tier: tierName };
}

function usageFor(req: ModelRequest, rawText: string, draw: Draw, tier: TierProfile): TokenUsage {
  const systemTokens = Math.ceil((req.system ?? "").length / 4);
  const promptTokens = Math.ceil(req.prompt.length / 4);
  // The schema travels with the request (response_format or tool definition) and is billed as input.
  const schemaTokens = Math.ceil(JSON.stringify(req.outputSchema).length / 4) + 24;
  const framing = req.system ? 14 : 7;
  const inputTokens = systemTokens + promptTokens + schemaTokens + framing;
  // Providers cache prompt prefixes of 1,024 tokens and more in 128-token steps; most repeat calls hit.
  const cacheable = systemTokens + schemaTokens;
  const cachedInputTokens = cacheable >= 1024 && draw.unit("cache") < 0.7 ? Math.floor(cacheable / 128) * 128 : 0;
  const visible = Math.ceil(rawText.length / 4) + 3;
  const [rLo, rHi] = tier.reasoning;
  const reasoning = Math.round(visible * (rLo + draw.unit("reasoning") * (rHi - rLo)));
  let outputTokens = visible + reasoning;
  if (req.maxTokens !== undefined) outputTokens = Math.min(outputTokens, req.maxTokens);
  return { inputTokens, cachedInputTokens, outputTokens };
}

function latencyFor(rawText: string, draw: Draw, tier: TierProfile): number {
  const [lo, hi] = tier.latency;
  // Longer answers take longer; the rest is network and queueing noise.
  const size = Math.min(1, rawText.length / 1600);
  return Math.round(lo + (hi - lo) * (0.6 * draw.unit("latency") + 0.4 * size));
}
