import type { DataSchema } from "../contracts/data-schema";
import { resolveSchemaPath } from "../contracts/schema-path";
import { outputShapeOf, type OutputShape } from "../graph/output-schema";
import type { NodeSet } from "../graph/node-set";
import { formatRef, type Ref } from "../graph/refs";
import { emptyNodeSet } from "../graph/topology";
import { type Checker, label, list } from "./checker";

export interface RefSite {
  /** The node that holds the reference; diagnostics point at it. */
  nodeId: string;
  edgeId?: string;
  /** Where in the node, e.g. `its prompt`, `input mapping "customer.id"`. */
  where: string;
  /**
   * When the reference is read: `before` a node runs (its upstream steps are available),
   * or `after` the given nodes ran (they are available too; used for loop exit conditions).
   */
  when: { before: string } | { after: string[] };
  secrets: "allow" | "forbid";
  /** The schema `output.` refers to; without it `output.` is not allowed here. */
  ownOutput?: OutputShape;
}

function available(c: Checker, when: RefSite["when"]): { maybe: NodeSet; certain: NodeSet } {
  const { index } = c;
  if ("before" in when) {
    return {
      maybe: index.ancestors.get(when.before) ?? emptyNodeSet(index),
      certain: index.dominators.get(when.before) ?? emptyNodeSet(index),
    };
  }
  const maybe = emptyNodeSet(index);
  let certain: NodeSet | undefined;
  for (const id of when.after) {
    if (!index.numbering.has(id)) continue;
    maybe.unionWith((index.ancestors.get(id) ?? emptyNodeSet(index)).with(id));
    const dom = (index.dominators.get(id) ?? emptyNodeSet(index)).with(id);
    if (certain) certain.intersectWith(dom);
    else certain = dom;
  }
  return { maybe, certain: certain ?? emptyNodeSet(index) };
}

/**
 * Check one reference and return the schema it points at, or undefined when it is
 * invalid (a diagnostic has been reported) or untyped.
 */
export function resolveRef(c: Checker, ref: Ref, site: RefSite): DataSchema | undefined {
  const { index } = c;
  const holder = index.nodes.get(site.nodeId);
  const at = `${label(holder)} references ${formatRef(ref)} in ${site.where}`;
  const base = { nodeId: site.nodeId, ...(site.edgeId ? { edgeId: site.edgeId } : {}) };

  const lookup = (schema: DataSchema, path: string[], owner: string, fixOwner: string) => {
    const found = resolveSchemaPath(schema, path);
    if (found.ok) return found.schema;
    const stop = found.at ? `${owner} field "${found.at}"` : owner;
    c.report({
      severity: "error",
      code: "ref-unknown-field",
      ...base,
      message: `${at}, but ${stop} ${found.reason}.`,
      hint: found.available.length
        ? `Use one of: ${list(found.available, 12)}; or add the field to ${fixOwner}.`
        : `Fix the path, or change ${fixOwner}.`,
    });
    return undefined;
  };

  switch (ref.root) {
    case "secrets": {
      if (site.secrets === "forbid") {
        c.report({
          severity: "error",
          code: "secret-not-allowed",
          ...base,
          message: `${at}; secrets may only be used in tool headers, never in ${site.where} where they would be stored in step records or sent to a model.`,
          hint: `Move {{ secrets.${ref.name} }} into a header of the tool contract.`,
        });
        return undefined;
      }
      if (c.ctx.secrets && !c.ctx.secrets.includes(ref.name)) {
        c.report({
          severity: "error",
          code: "secret-unknown",
          ...base,
          message: `${at}, but no secret named "${ref.name}" is stored${c.ctx.secrets.length ? ` (stored: ${list([...c.ctx.secrets].sort())})` : ""}.`,
          hint: `Create the secret "${ref.name}" in settings, or fix the name.`,
        });
      }
      return { type: "string" };
    }
    case "output": {
      if (!site.ownOutput) {
        c.report({
          severity: "error",
          code: "ref-invalid",
          ...base,
          message: `${at}; "output." means the current step's own output and is only valid in its escalation conditions.`,
          hint: "Reference an upstream step as steps.<nodeId>.output.<field> instead.",
        });
        return undefined;
      }
      if (site.ownOutput.kind !== "typed") return undefined;
      return lookup(site.ownOutput.schema, ref.path, "its own output", "its output schema");
    }
    case "input": {
      const trigger = index.trigger;
      if (!trigger || trigger.kind !== "trigger") return undefined;
      return lookup(trigger.inputSchema, ref.path, "the trigger input", `the input schema of trigger ${label(trigger)}`);
    }
    case "steps": {
      const target = index.nodes.get(ref.stepId);
      if (!target) {
        c.report({
          severity: "error",
          code: "ref-unknown-step",
          ...base,
          message: `${at}, but there is no node with id "${ref.stepId}".`,
          hint: "Reference an upstream step by its node id, e.g. steps.classify.output.category.",
        });
        return undefined;
      }
      const { maybe, certain } = available(c, site.when);
      if (!maybe.has(target.id)) {
        c.report({
          severity: "error",
          code: "ref-not-upstream",
          ...base,
          message: `${at}, but ${label(target)} is not upstream of it, so its output does not exist yet when this is read.`,
          hint: "Reference a step on a path leading here, or move this step after it.",
        });
        return undefined;
      }
      const shape = outputShapeOf(target, index.nodes);
      if (shape.kind === "none") {
        c.report({
          severity: "error",
          code: "ref-no-output",
          ...base,
          message: `${at}, but ${label(target)} is a ${target.kind} node and has no output.`,
          hint: "Reference the step that produced the value (an llm, tool, human, loop or subprocess step).",
        });
        return undefined;
      }
      if (!certain.has(target.id) && c.index.reachable.has(site.nodeId)) {
        c.report({
          severity: "warning",
          code: "ref-maybe-skipped",
          ...base,
          message: `${at}, but ${label(target)} is on only some of the paths leading here (after a router or join "any"), so the value may be missing.`,
          hint: "Reference a step every path passes through, or mark the field optional where it is consumed.",
        });
      }
      if (shape.kind === "untyped") {
        if (ref.path.length) {
          c.report({
            severity: "info",
            code: "ref-untyped",
            ...base,
            message: `${at}; ${label(target)} declares no output schema, so the field cannot be checked.`,
            hint: "Add an outputSchema to the subprocess step to get type checks.",
          });
        }
        return undefined;
      }
      return lookup(shape.schema, ref.path, `the output of ${label(target)}`, `the output schema of ${label(target)}`);
    }
  }
}
