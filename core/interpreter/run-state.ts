import type { Mapping } from "../graph/nodes";
import { parseRef, renderTemplateString, templateRefs, wholeRef, type Ref } from "../graph/refs";
import type { ContractIssue } from "../contracts/validate-data";
import type { RunError, RunErrorCode, RunStateSnapshot, StepStateEntry } from "./ports";

/** Run state: the trigger input and each step's latest output. Mutated only by the interpreter. */
export class RunState {
  readonly input: unknown;
  readonly steps: Record<string, StepStateEntry> = {};
  costUsd = 0;
  /** Set when a person approved going over the run budget. */
  budgetWaived = false;
  /** Set when the budget policy switched the run to the fallback model. */
  budgetFallback = false;

  constructor(input: unknown) {
    this.input = input;
  }

  lookup(ref: Ref, own?: unknown): unknown {
    switch (ref.root) {
      case "input":
        return getPath(this.input, ref.path);
      case "steps":
        return getPath(this.steps[ref.stepId]?.output, ref.path);
      case "output":
        return getPath(own, ref.path);
      case "secrets":
        // Left as a placeholder: the tool service resolves it, so the value never enters state.
        return `{{ secrets.${ref.name} }}`;
    }
  }

  snapshot(): RunStateSnapshot {
    return JSON.parse(JSON.stringify({ input: this.input, steps: this.steps })) as RunStateSnapshot;
  }
}

export function getPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A template that is exactly one reference yields the typed value; anything else a string. */
export function renderTemplate(template: string, state: RunState, own?: unknown): unknown {
  const ref = wholeRef(template);
  if (ref) return state.lookup(ref, own);
  if (templateRefs(template).length === 0) return template;
  return renderTemplateString(template, (r) => stringify(state.lookup(r, own)));
}

/** Build an object from a mapping; dotted keys create nested objects. Undefined values are left out. */
export function renderMapping(mapping: Mapping, state: RunState): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(mapping).sort()) {
    const value = renderTemplate(mapping[key]!, state);
    if (value === undefined) continue;
    const parts = key.split(".");
    let target = result;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      target = (next && typeof next === "object" ? next : (target[part] = {})) as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = value;
  }
  return result;
}

export function lookupSource(source: string, state: RunState): unknown {
  const parsed = parseRef(source);
  return parsed.ok ? state.lookup(parsed.ref) : undefined;
}

/** Step ids: node id, `#i.j` for loop iterations, `/suffix` for the extra calls of one step. */
export function stepIdFor(nodeId: string, iterations: readonly number[], suffix?: string): string {
  const loop = iterations.length ? `#${iterations.join(".")}` : "";
  return `${nodeId}${loop}${suffix ? `/${suffix}` : ""}`;
}

/** Thrown to end a run; carried to the top of the interpreter and returned as a failed result. */
export class RunFailure extends Error {
  readonly error: RunError;
  constructor(code: RunErrorCode, message: string, where?: { nodeId?: string; stepId?: string }, issues?: ContractIssue[]) {
    super(message);
    this.name = "RunFailure";
    this.error = { code, message, ...where, ...(issues ? { issues } : {}) };
  }
}
