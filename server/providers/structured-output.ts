import { formatIssues, validateData, type DataSchema, type ObjectSchema } from "@/core/contracts";
import { ProviderError, type JsonSchemaObject, type TokenUsage } from "./types";

/**
 * Both structured-output mechanisms (OpenAI `json_schema`, Anthropic `input_schema`) need an
 * object at the root. A contract whose root is a scalar or an array travels wrapped in
 * `{ value: … }` and is unwrapped after parsing.
 */
export const WRAP_KEY = "value";

export interface RootAdapter {
  schema: ObjectSchema;
  unwrap(value: unknown): unknown;
}

export function objectRoot(schema: JsonSchemaObject): RootAdapter {
  if (schema.type === "object") return { schema, unwrap: (v) => v };
  return {
    schema: { type: "object", properties: { [WRAP_KEY]: schema }, required: [WRAP_KEY], additionalProperties: false },
    unwrap: (v) =>
      typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[WRAP_KEY] : v,
  };
}

type Json = Record<string, unknown>;

/**
 * OpenAI strict mode accepts a subset of JSON Schema: every object lists all its properties in
 * `required` with `additionalProperties: false`, and string length bounds are not supported.
 * Optional properties become nullable (and `restoreOptional` turns the nulls back into absence),
 * dropped length bounds move into the description so the model still sees them; the contract
 * check after parsing enforces them.
 */
export function toStrictJsonSchema(schema: DataSchema): Json {
  return strict(schema, false);
}

function strict(schema: DataSchema, nullable: boolean): Json {
  const description = schema.description;
  switch (schema.type) {
    case "object": {
      const required = new Set(schema.required ?? []);
      const properties: Json = {};
      for (const [key, prop] of Object.entries(schema.properties)) properties[key] = strict(prop, !required.has(key));
      const out: Json = {
        type: "object",
        properties,
        required: Object.keys(schema.properties),
        additionalProperties: false,
      };
      if (description) out.description = description;
      return nullable ? { anyOf: [out, { type: "null" }] } : out;
    }
    case "array": {
      const out: Json = { type: "array", items: strict(schema.items, false) };
      if (schema.minItems !== undefined) out.minItems = schema.minItems;
      if (schema.maxItems !== undefined) out.maxItems = schema.maxItems;
      if (description) out.description = description;
      return nullable ? { anyOf: [out, { type: "null" }] } : out;
    }
    case "string": {
      const bounds = [
        schema.minLength !== undefined ? `at least ${schema.minLength} characters` : "",
        schema.maxLength !== undefined ? `at most ${schema.maxLength} characters` : "",
      ].filter(Boolean);
      const text = [description, bounds.length ? `Length: ${bounds.join(", ")}.` : ""].filter(Boolean).join(" ");
      const out: Json = { type: nullable ? ["string", "null"] : "string" };
      if (schema.enum) out.enum = nullable ? [...schema.enum, null] : [...schema.enum];
      if (text) out.description = text;
      return out;
    }
    case "number":
    case "integer": {
      const out: Json = { type: nullable ? [schema.type, "null"] : schema.type };
      if (schema.minimum !== undefined) out.minimum = schema.minimum;
      if (schema.maximum !== undefined) out.maximum = schema.maximum;
      if (description) out.description = description;
      return out;
    }
    case "boolean": {
      const out: Json = { type: nullable ? ["boolean", "null"] : "boolean" };
      if (description) out.description = description;
      return out;
    }
  }
}

/** Undo strict mode's nullable-optional encoding: `null` on an optional property means "absent". */
export function restoreOptional(schema: DataSchema, value: unknown): unknown {
  if (schema.type === "array" && Array.isArray(value)) return value.map((item) => restoreOptional(schema.items, item));
  if (schema.type !== "object" || typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const required = new Set(schema.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const prop = schema.properties[key];
    if (item === null && prop && !required.has(key)) continue;
    out[key] = prop ? restoreOptional(prop, item) : item;
  }
  return out;
}

/**
 * Parse the model's JSON. Servers in json_object mode (Ollama, small local models) sometimes wrap
 * it in a Markdown fence or add a sentence around it, so the first balanced object is tried too.
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const candidates = [trimmed];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = trimmed.indexOf("{");
  const last = trimmed.lastIndexOf("}");
  if (first >= 0 && last > first) candidates.push(trimmed.slice(first, last + 1));
  let reason = "empty response";
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  return { ok: false, reason };
}

export interface CheckContext {
  provider: string;
  model: string;
  rawText: string;
  usage: TokenUsage;
  latencyMs: number;
}

/** The contract check every provider runs before it returns: schema-valid output or malformed_output. */
export function checkOutput(schema: DataSchema, value: unknown, ctx: CheckContext): unknown {
  const issues = validateData(schema, value);
  if (issues.length === 0) return value;
  throw new ProviderError(
    "malformed_output",
    `${ctx.provider}/${ctx.model} returned JSON that does not fit the output contract:\n${formatIssues(issues)}`,
    { ...ctx, output: value, issues },
  );
}

/** Parse text then check it; the shared tail of every text-returning provider. */
export function parseAndCheck(schema: DataSchema, ctx: CheckContext): unknown {
  const parsed = parseJsonText(ctx.rawText);
  if (!parsed.ok) {
    throw new ProviderError(
      "malformed_output",
      `${ctx.provider}/${ctx.model} did not return valid JSON (${parsed.reason}).`,
      { ...ctx },
    );
  }
  return checkOutput(schema, parsed.value, ctx);
}

/** For servers without json_schema support: the contract goes into the prompt instead. */
export function schemaInstructions(schema: DataSchema, name: string): string {
  return [
    `Respond with a single JSON object only, no prose and no Markdown, named "${name}", that matches this JSON Schema:`,
    JSON.stringify(objectRoot(schema).schema),
  ].join("\n");
}

/** `[A-Za-z0-9_-]{1,64}`, which both OpenAI and Anthropic require. */
export function safeSchemaName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 64);
  return cleaned || "output";
}
