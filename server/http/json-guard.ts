import { AppError } from "@/server/errors";

/**
 * Structural limits on JSON we accept, checked right after parsing and before anything walks the
 * value recursively (zod, Prisma's JSON serialiser, superjson, our canonical JSON): JSON nested
 * 128+ deep made those fail with a 500 or a stack overflow. The walk itself is iterative.
 */
export const MAX_JSON_DEPTH = 64;

export interface JsonProblem {
  kind: "depth";
  message: string;
}

/** The first problem found, or undefined. `what` names the value in the message ("The request body"). */
export function findJsonProblem(value: unknown, what = "The request body"): JsonProblem | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (stack.length) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return { kind: "depth", message: `${what} is nested deeper than ${MAX_JSON_DEPTH} levels; Baton accepts JSON objects and arrays nested at most ${MAX_JSON_DEPTH} deep.` };
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth: depth + 1 });
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
