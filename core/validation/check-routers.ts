import { describeSchema, type DataSchema } from "../contracts/data-schema";
import { describeWhen, edgeKind, type BranchWhen, type Edge } from "../graph/edges";
import type { NodeOf } from "../graph/nodes";
import { parseRef } from "../graph/refs";
import { type Checker, label, list } from "./checker";
import { uncoveredNumber } from "./numeric-coverage";
import { resolveRef } from "./resolve-ref";

/** `{{ steps.x.output.y }}` and `steps.x.output.y` both name a router source. */
export function routerSourceText(source: string): string {
  const m = /^\s*\{\{([^{}]*)\}\}\s*$/.exec(source);
  return (m ? m[1]! : source).trim();
}

export function checkRouters(c: Checker): void {
  for (const node of c.index.nodes.values()) if (node.kind === "router") checkRouter(c, node);
}

function checkRouter(c: Checker, node: NodeOf<"router">): void {
  const out = c.index.outgoing.get(node.id)!;
  const branches = out.filter((e) => edgeKind(e) === "branch");
  const unmatched = out.filter((e) => edgeKind(e) === "unmatched");

  if (unmatched.length > 1) {
    c.report({
      severity: "error",
      code: "router-unmatched-multiple",
      nodeId: node.id,
      message: `Router ${label(node)} has ${unmatched.length} unmatched edges (${list(unmatched.map((e) => e.id))}); at most one can catch values no branch matches.`,
      hint: "Keep one unmatched edge.",
    });
  }
  for (const e of branches) {
    if (!e.when) {
      c.report({
        severity: "error",
        code: "router-branch-when-missing",
        nodeId: node.id,
        edgeId: e.id,
        message: `Branch "${e.id}" of router ${label(node)} has no "when" value, so it can never be chosen.`,
        hint: 'Set "when" to the value this branch handles, e.g. { "op": "eq", "value": "billing" }.',
      });
    }
  }

  const text = routerSourceText(node.source);
  const parsed = parseRef(text);
  if (!parsed.ok || (parsed.ref.root !== "steps" && parsed.ref.root !== "input")) {
    c.report({
      severity: "error",
      code: "router-source-invalid",
      nodeId: node.id,
      message: `Router ${label(node)} routes on "${text}", which ${parsed.ok ? "is not an upstream step output or trigger input field" : parsed.message}.`,
      hint: "Route on a typed field such as steps.classify.output.category.",
    });
    return;
  }
  const schema = resolveRef(c, parsed.ref, {
    nodeId: node.id,
    where: "its source",
    when: { before: node.id },
    secrets: "forbid",
  });
  if (!schema) return;
  const kind = routableKind(schema);
  if (!kind) {
    c.report({
      severity: "error",
      code: "router-source-type",
      nodeId: node.id,
      message: `Router ${label(node)} routes on ${text}, which is ${describeSchema(schema)}; routing needs an enum, boolean or number field.`,
      hint: 'Give the field an "enum" in the step\'s output schema (let the model classify into fixed values), or route on a boolean or number.',
    });
    return;
  }

  const covered = new Map<string, string>(); // value key → first edge id
  const whens: BranchWhen[] = [];
  for (const e of branches) {
    if (!e.when) continue;
    const problem = branchProblem(e.when, schema);
    if (problem) {
      c.report({
        severity: "error",
        code: "router-branch-type",
        nodeId: node.id,
        edgeId: e.id,
        message: `Branch "${e.id}" of router ${label(node)} matches ${describeWhen(e.when)}, but ${text} is ${describeSchema(schema)}: ${problem}.`,
        hint: kind === "number" ? "Use a numeric eq, in or range." : `Match one of: ${list(discreteValues(schema))}.`,
      });
      continue;
    }
    whens.push(e.when);
    if (kind === "number") continue;
    for (const v of discreteWhenValues(e.when)) {
      const key = JSON.stringify(v);
      const first = covered.get(key);
      if (first) reportOverlap(c, node, e, first, key);
      else covered.set(key, e.id);
    }
  }

  if (unmatched.length > 0) return;
  let missing: string | undefined;
  if (kind === "number") {
    const gap = uncoveredNumber(whens, schema.type === "integer");
    if (gap !== undefined) missing = `numbers such as ${gap}`;
  } else {
    const values = discreteValues(schema).filter((v) => !covered.has(JSON.stringify(v)));
    if (values.length) missing = list(values, 20);
  }
  if (missing) {
    c.report({
      severity: "error",
      code: "router-not-exhaustive",
      nodeId: node.id,
      message: `Router ${label(node)} routes on ${text} (${describeSchema(schema)}) but no branch handles ${missing}, and there is no unmatched edge.`,
      hint: 'Add branches for the missing values, or an edge of kind "unmatched" for everything else.',
    });
  }
}

function routableKind(schema: DataSchema): "enum" | "boolean" | "number" | undefined {
  if (schema.type === "string" && schema.enum) return "enum";
  if (schema.type === "boolean") return "boolean";
  if (schema.type === "number" || schema.type === "integer") return "number";
  return undefined;
}

function discreteValues(schema: DataSchema): (string | boolean)[] {
  if (schema.type === "boolean") return [true, false];
  if (schema.type === "string") return schema.enum ?? [];
  return [];
}

function discreteWhenValues(when: BranchWhen): (string | number | boolean)[] {
  if (when.op === "eq") return [when.value];
  if (when.op === "in") return when.values;
  return [];
}

function branchProblem(when: BranchWhen, schema: DataSchema): string | undefined {
  if (schema.type === "number" || schema.type === "integer") {
    const bad = discreteWhenValues(when).filter((v) => typeof v !== "number");
    return bad.length ? `${list(bad)} is not a number` : undefined;
  }
  if (when.op === "range") return "a range only applies to numbers";
  const allowed = discreteValues(schema);
  const bad = discreteWhenValues(when).filter((v) => !allowed.includes(v as string | boolean));
  return bad.length ? `${list(bad)} is not one of its values` : undefined;
}

function reportOverlap(c: Checker, node: NodeOf<"router">, e: Edge, first: string, key: string): void {
  c.report({
    severity: "warning",
    code: "router-branch-overlap",
    nodeId: node.id,
    edgeId: e.id,
    message: `Branch "${e.id}" of router ${label(node)} matches ${key}, which branch "${first}" already handles; "${first}" wins (branches are tried in edge id order).`,
    hint: "Remove the value from one of the two branches.",
  });
}
