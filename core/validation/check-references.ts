import { describeSchema, type DataSchema } from "../contracts/data-schema";
import { resolveSchemaPath, schemaFits } from "../contracts/schema-path";
import { parseExpression } from "../expression/parse";
import { typecheckExpression } from "../expression/typecheck";
import type { Mapping, Node, NodeOf } from "../graph/nodes";
import { outputShapeOf } from "../graph/output-schema";
import { templateRefs, wholeRef } from "../graph/refs";
import { isGuardedBackEdge } from "../graph/topology";
import { checkSecretUrlTemplate, secretNamesIn } from "../http/secret-scope";
import { type Checker, label, list } from "./checker";
import { resolveRef, type RefSite } from "./resolve-ref";

/** Check every `{{ ref }}` of a template; returns the rendered value's schema when known. */
export function checkTemplate(c: Checker, template: string, site: RefSite): DataSchema | undefined {
  const parts = templateRefs(template);
  for (const part of parts) {
    if (!part.parsed.ok) {
      c.report({
        severity: "error",
        code: "ref-invalid",
        nodeId: site.nodeId,
        message: `${label(c.index.nodes.get(site.nodeId))} has an invalid reference in ${site.where}: {{ ${part.expression} }} ${part.parsed.message}.`,
        hint: "Write references as {{ input.field }} or {{ steps.<nodeId>.output.field }}.",
      });
      continue;
    }
    const schema = resolveRef(c, part.parsed.ref, site);
    if (parts.length === 1 && wholeRef(template)) return schema;
  }
  return { type: "string" };
}

export function checkExpressionAt(c: Checker, source: string, site: RefSite): void {
  const node = c.index.nodes.get(site.nodeId);
  const parsed = parseExpression(source);
  if (!parsed.ok) {
    c.report({
      severity: "error",
      code: "expression-invalid",
      nodeId: site.nodeId,
      message: `${label(node)} has a condition in ${site.where} that does not parse: \`${source}\`: ${parsed.message}.`,
      hint: 'Write comparisons joined by && / ||, e.g. output.confidence < 0.7 || output.category == "other".',
    });
    return;
  }
  for (const issue of typecheckExpression(parsed.expr, (ref) => resolveRef(c, ref, site))) {
    c.report({
      severity: "error",
      code: "expression-invalid",
      nodeId: site.nodeId,
      message: `${label(node)} has a condition in ${site.where} (\`${source}\`) that does not fit the contracts: ${issue.message}.`,
      hint: "Compare fields with values of their own type (numbers with <, >; enums with one of their values).",
    });
  }
}

export function checkReferences(c: Checker): void {
  for (const node of c.index.nodes.values()) {
    const before = (where: string, secrets: RefSite["secrets"] = "forbid"): RefSite => ({
      nodeId: node.id,
      where,
      when: { before: node.id },
      secrets,
    });
    switch (node.kind) {
      case "llm":
        checkTemplate(c, node.prompt, before("its prompt"));
        if (node.system) checkTemplate(c, node.system, before("its system prompt"));
        break;
      case "tool":
        checkTool(c, node, before);
        break;
      case "loop": {
        if (!node.exitWhen) break;
        const backSources = c.index.incoming
          .get(node.id)!
          .filter((e) => isGuardedBackEdge(e, c.index.nodes))
          .map((e) => e.source);
        checkExpressionAt(c, node.exitWhen, {
          nodeId: node.id,
          where: "exitWhen",
          when: { after: backSources.length ? backSources : [node.id] },
          secrets: "forbid",
        });
        break;
      }
      case "human":
        if (node.instructions) checkTemplate(c, node.instructions, before("its instructions"));
        break;
      case "subprocess":
        checkMapping(c, node.input, (key) => before(`input mapping "${key}"`));
        checkSubprocess(c, node);
        break;
      case "end":
        if (node.output) checkMapping(c, node.output, (key) => before(`output mapping "${key}"`));
        break;
      default:
        break;
    }
    for (const condition of node.policy?.escalation?.conditions ?? []) {
      if (condition.kind !== "expression") continue;
      checkExpressionAt(c, condition.expr, {
        nodeId: node.id,
        where: "an escalation condition",
        when: { after: [node.id] },
        secrets: "forbid",
        ownOutput: outputShapeOf(node, c.index.nodes),
      });
    }
  }
}

function checkMapping(c: Checker, mapping: Mapping, site: (key: string) => RefSite): Map<string, DataSchema | undefined> {
  const types = new Map<string, DataSchema | undefined>();
  for (const key of Object.keys(mapping).sort()) types.set(key, checkTemplate(c, mapping[key]!, site(key)));
  return types;
}

function checkTool(c: Checker, node: NodeOf<"tool">, before: (where: string, secrets?: RefSite["secrets"]) => RefSite): void {
  const { contract } = node;
  const contractName = contract.name ? `contract "${contract.name}"` : `the tool contract of ${label(node)}`;
  checkTemplate(c, contract.url, before("its URL"));
  for (const header of Object.keys(contract.headers ?? {}).sort()) {
    checkTemplate(c, contract.headers![header]!, before(`header "${header}"`, "allow"));
  }
  checkSecretScopes(c, node);
  const types = checkMapping(c, node.input, (key) => before(`input mapping "${key}"`));

  for (const [key, sourceSchema] of types) {
    const target = resolveSchemaPath(contract.inputSchema, key.split("."));
    if (!target.ok) {
      c.report({
        severity: "error",
        code: "tool-input-unknown-field",
        nodeId: node.id,
        message: `${label(node)} maps input field "${key}", but the input of ${contractName} ${target.at ? `field "${target.at}" ` : ""}${target.reason}.`,
        hint: target.available.length
          ? `Map one of the contract's fields: ${list(target.available, 12)}.`
          : "Remove the mapping or add the field to the contract's input schema.",
      });
      continue;
    }
    if (!sourceSchema) continue;
    const fit = schemaFits(sourceSchema, target.schema);
    if (fit === "ok") continue;
    const template = node.input[key]!.trim();
    c.report({
      severity: fit === "mismatch" ? "error" : "warning",
      code: fit === "mismatch" ? "tool-input-type-mismatch" : "tool-input-type-narrowing",
      nodeId: node.id,
      message:
        fit === "mismatch"
          ? `${label(node)} feeds ${template} (${describeSchema(sourceSchema)}) into "${key}" of ${contractName}, which expects ${describeSchema(target.schema)}.`
          : `${label(node)} feeds ${template} (${describeSchema(sourceSchema)}) into "${key}" of ${contractName}, which expects ${describeSchema(target.schema)}; some values will be rejected at run time.`,
      hint:
        fit === "mismatch"
          ? `Map a field of type ${describeSchema(target.schema)}, or change the contract's input schema.`
          : "Narrow the upstream output schema to the same type (or enum values) the contract expects.",
    });
  }
  reportMissingRequired(c, node, contract.inputSchema, "", new Set(types.keys()), contractName);
}

/** A secret may leave only for the hosts or URL prefixes an admin bound it to (ctx.secretScopes). */
function checkSecretScopes(c: Checker, node: NodeOf<"tool">): void {
  const scopes = c.ctx.secretScopes;
  const { url, headers = {} } = node.contract;
  if (!scopes) return;
  for (const header of Object.keys(headers).sort()) {
    for (const name of secretNamesIn(headers[header]!)) {
      const targets = scopes[name];
      if (!targets) continue; // not stored: reported as secret-unknown
      const verdict = checkSecretUrlTemplate(url, targets);
      if (verdict.ok) continue;
      const allowed = targets.length ? `it may be sent only to ${list(targets)}` : "it is not allowed to be sent anywhere yet";
      c.report(
        verdict.reason === "templated-host"
          ? {
              severity: "error",
              code: "secret-url-host-templated",
              nodeId: node.id,
              message: `${label(node)} sends secret "${name}" in header "${header}", but the host of its URL \`${url}\` is not written literally, so the secret could be sent anywhere (${allowed}).`,
              hint: "Write the scheme and host of the URL literally (e.g. https://api.example.com/…) and template only the path or query.",
            }
          : {
              severity: "error",
              code: "secret-url-not-allowed",
              nodeId: node.id,
              message: `${label(node)} sends secret "${name}" in header "${header}" to \`${url}\`, but ${allowed}.`,
              hint: `Call one of the URLs "${name}" is bound to, or ask an admin to allow ${verdict.origin ?? "this URL"} for "${name}" in Settings → Secrets.`,
            },
      );
    }
  }
}

function reportMissingRequired(
  c: Checker,
  node: Node,
  schema: DataSchema,
  prefix: string,
  keys: Set<string>,
  contractName: string,
): void {
  if (schema.type !== "object") return;
  for (const field of [...(schema.required ?? [])].sort()) {
    const path = prefix ? `${prefix}.${field}` : field;
    if (keys.has(path)) continue;
    const nested = [...keys].some((k) => k.startsWith(`${path}.`));
    const prop = schema.properties[field];
    if (nested && prop) {
      reportMissingRequired(c, node, prop, path, keys, contractName);
      continue;
    }
    c.report({
      severity: "error",
      code: "tool-input-missing-required",
      nodeId: node.id,
      message: `${label(node)} does not map "${path}", which ${contractName} requires (${prop ? describeSchema(prop) : "a value"}).`,
      hint: `Add an input mapping for "${path}" from run state, e.g. "{{ input.${path} }}".`,
    });
  }
}

function checkSubprocess(c: Checker, node: NodeOf<"subprocess">): void {
  if (node.process === c.graph.slug) {
    c.report({
      severity: "warning",
      code: "subprocess-recursive",
      nodeId: node.id,
      message: `${label(node)} starts process "${node.process}", which is this process itself; each run would start another run.`,
      hint: "Use a loop node to repeat steps, or call a different process.",
    });
  } else if (c.ctx.processes && !c.ctx.processes.includes(node.process)) {
    c.report({
      severity: "error",
      code: "subprocess-unknown",
      nodeId: node.id,
      message: `${label(node)} starts process "${node.process}", but no process with that slug exists.`,
      hint: c.ctx.processes.length
        ? `Use one of: ${list([...c.ctx.processes].sort(), 12)}.`
        : "Create and publish that process first.",
    });
  }
}

