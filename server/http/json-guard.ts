import { AppError } from "@/server/errors";

/**
 * Structural limits on JSON we accept, checked right after parsing and before anything walks the
 * value recursively (zod, Prisma's JSON serialiser, superjson, our canonical JSON): JSON nested
 * 128+ deep made those fail with a 500 or a stack overflow. The walk itself is iterative.
 */
export const MAX_JSON_DEPTH = 64;

export interface JsonProblem {
  kind: "depth" | "surrogate";
  message: string;
}

/** A UTF-16 surrogate without its partner: not Unicode text, and PostgreSQL refuses to store it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function surrogateProblem(what: string, text: string, path: string, isKey: boolean): JsonProblem {
  const unit = LONE_SURROGATE.exec(text)![0].charCodeAt(0).toString(16).toUpperCase();
  const where = path ? ` at ${path}` : "";
  return {
    kind: "surrogate",
    message: `${what} contains ${isKey ? "a key" : "a string"}${where} with an unpaired UTF-16 surrogate (\\u${unit}), which is not valid Unicode text. Send well-formed UTF-8 / UTF-16; nothing was stored.`,
  };
}

const child = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** The first problem found, or undefined. `what` names the value in the message ("The request body"). */
export function findJsonProblem(value: unknown, what = "The request body"): JsonProblem | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 1, path: "" }];
  while (stack.length) {
    const { value: v, depth, path } = stack.pop()!;
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) return surrogateProblem(what, v, path, false);
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return { kind: "depth", message: `${what} is nested deeper than ${MAX_JSON_DEPTH} levels; Baton accepts JSON objects and arrays nested at most ${MAX_JSON_DEPTH} deep.` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: depth + 1, path: child(path, i) });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (LONE_SURROGATE.test(key)) return surrogateProblem(what, key, path, true);
      stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1, path: child(path, key) });
    }
  }
  return undefined;
}

/** Throws a BAD_REQUEST AppError when the value breaks a limit. */
export function assertAcceptableJson(value: unknown, what?: string): void {
  const problem = findJsonProblem(value, what);
  if (problem) throw new AppError("BAD_REQUEST", problem.message, { limit: problem.kind });
}

/** JSON.parse (iterative in V8, so any depth parses) followed by the limits above. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
  assertAcceptableJson(value);
  return value;
}
