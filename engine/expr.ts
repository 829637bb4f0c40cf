import { parse } from "@marcbachmann/cel-js";

/**
 * Inngest expressions are CEL. Missing keys and type mismatches throw in cel-js; Inngest treats those as
 * "no match", so every evaluation error becomes `false` (or `undefined` for key expressions).
 */
type Compiled = (ctx: Record<string, unknown>) => unknown;
const cache = new Map<string, Compiled | null>();

function compile(expression: string): Compiled | null {
  let c = cache.get(expression);
  if (c !== undefined) return c;
  try {
    const fn = parse(expression);
    c = (ctx) => fn(ctx);
  } catch {
    c = null;
  }
  if (cache.size > 5000) cache.clear();
  cache.set(expression, c);
  return c;
}

export function isValidExpression(expression: string): boolean {
  return compile(expression) !== null;
}

export function matches(expression: string | undefined | null, ctx: Record<string, unknown>): boolean {
  if (!expression) return true;
  const c = compile(expression);
  if (!c) return false;
  try {
    return c(ctx) === true;
  } catch {
    return false;
  }
}

/** Evaluates a key expression (concurrency/idempotency keys) to a string; undefined on error. */
export function evalKey(expression: string, ctx: Record<string, unknown>): string | undefined {
  const c = compile(expression);
  if (!c) return undefined;
  try {
    const v = c(ctx);
    if (v === null || v === undefined) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "bigint" || typeof v === "number" || typeof v === "boolean") return String(v);
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  } catch {
    return undefined;
  }
}

/** Evaluates a numeric expression (`priority.run`); undefined on error or when the result is not a finite number. */
export function evalNumber(expression: string, ctx: Record<string, unknown>): number | undefined {
  const c = compile(expression);
  if (!c) return undefined;
  try {
    const v = c(ctx);
    const n = typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : NaN;
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}
