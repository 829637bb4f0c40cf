import { z } from "zod";
import { Tier } from "../graph/model-choice";

export const Severity = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof Severity>;

export const Diagnostic = z.strictObject({
  severity: Severity,
  /** Stable, kebab-case: UIs and tests match on it. */
  code: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  /** What is wrong: names the node, the field, what was expected and what was found. */
  message: z.string(),
  /** How to fix it. */
  hint: z.string(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** Everything validation needs that is not part of the graph (it comes from workspace settings). */
export const ValidationContext = z.strictObject({
  tiers: z.partialRecord(Tier, z.string().optional()),
  /** Model names the price table knows; unknown names get a warning. */
  knownModels: z.array(z.string()).optional(),
  /** Names of stored secrets; when given, references to other secrets are errors. */
  secrets: z.array(z.string()).optional(),
  /**
   * Where each stored secret may be sent (hosts or URL prefixes, core/http/secret-scope.ts); when
   * given, a tool that sends a secret to any other URL, or to a URL whose host is templated, is an error.
   */
  secretScopes: z.record(z.string(), z.array(z.string())).optional(),
  /** Slugs of existing processes; when given, subprocesses must name one. */
  processes: z.array(z.string()).optional(),
});
export type ValidationContext = z.infer<typeof ValidationContext>;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Canonical order: severity, then graph-level before node/edge level, then ids, code and message. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compare(a.nodeId, b.nodeId) ||
      compare(a.edgeId, b.edgeId) ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}
