import { resolveSchemaPath, type ContractIssue, type DataSchema } from "@/core/contracts";

/**
 * Contract issues (from `validateData` in the browser, or the same function on the server,
 * returned in a tRPC error) placed on the fields they concern. Messages are reworded for a
 * field's own error line: the field already names the path.
 */
export type FieldIssues = Record<string, string[]>;

export function fieldMessage(issue: ContractIssue): string {
  const { expected, received } = issue;
  // Issues rebuilt from a server's message-only field errors carry just the message.
  if (expected === "") return issue.message;
  if (received === "nothing") return "Required";
  if (expected === "no such field") return "Not part of the contract; remove it in the JSON view";
  if (expected.startsWith(">= ")) return `Must be at least ${expected.slice(3)}`;
  if (expected.startsWith("<= ")) return `Must be at most ${expected.slice(3)}`;
  const bound = /^at (least|most) (\d+) (character|item)s$/.exec(expected);
  if (bound) {
    const [, side, n, unit] = bound;
    return `At ${side} ${n} ${unit}${n === "1" ? "" : "s"} (now ${received.replace(/ .*/, "")})`;
  }
  if (expected.startsWith("enum(")) return `Choose one of ${expected.slice(5, -1).split(" | ").join(", ")}`;
  if (expected === "integer" && received === "number") return "Must be a whole number";
  return `Expected ${expected}, got ${received}`;
}

export function issuesByPath(issues: readonly ContractIssue[]): FieldIssues {
  const out: FieldIssues = {};
  for (const issue of issues) (out[issue.path] ??= []).push(fieldMessage(issue));
  return out;
}

/**
 * Issues no field can show: at the root (the value is not even an object) or at a key the
 * contract does not define. The form lists them above its fields so nothing is silently lost.
 */
export function unplacedIssues(schema: DataSchema, issues: readonly ContractIssue[]): ContractIssue[] {
  return issues.filter((i) => i.path === "" || !resolveSchemaPath(schema, i.path.split(".")).ok || i.expected === "no such field");
}

function isIssue(value: unknown): value is ContractIssue {
  const v = value as Partial<ContractIssue> | null;
  return typeof v === "object" && v !== null && typeof v.path === "string" && typeof v.expected === "string" && typeof v.received === "string" && typeof v.message === "string";
}

/**
 * The contract issues a tRPC error carries for the value the form submitted. Services put the
 * `validateData` issues in `details.issues` (paths relative to the value); they and the
 * `details.fieldErrors` / zod `fieldErrors` keyed `<prefix>.<path>` are both read, so a refusal
 * always lands on a field. Returns [] for errors that are not about the value.
 */
export function issuesFromError(error: { data?: unknown } | null | undefined, prefix: string): ContractIssue[] {
  const data = error?.data as { details?: { issues?: unknown; fieldErrors?: unknown } | null; fieldErrors?: unknown } | null | undefined;
  const issues = data?.details?.issues;
  if (Array.isArray(issues) && issues.every(isIssue)) return issues;
  const out: ContractIssue[] = [];
  for (const source of [data?.details?.fieldErrors, data?.fieldErrors]) {
    if (typeof source !== "object" || source === null) continue;
    for (const [key, messages] of Object.entries(source as Record<string, unknown>)) {
      if (key !== prefix && !key.startsWith(`${prefix}.`)) continue;
      const path = key === prefix ? "" : key.slice(prefix.length + 1);
      for (const message of Array.isArray(messages) ? messages : []) {
        if (typeof message === "string") out.push({ path, expected: "", received: "", message });
      }
    }
  }
  return out;
}
