import type { DataSchema } from "@/core/contracts";
import type { Edge, Node, ProcessGraph } from "@/core/graph";

/**
 * What publishing would change, against the latest published graph: the review step before
 * publish. Canvas positions are ignored (they do not change what runs).
 */
export interface ContractChange {
  nodeId: string;
  /** `inputSchema`, `outputSchema`, `contract.inputSchema`, … */
  schema: string;
  path: string;
  change: "added" | "removed" | "retyped";
  from?: string;
  to?: string;
}

export interface GraphDiff {
  nodes: { added: Node[]; removed: Node[]; changed: Array<{ id: string; name: string; fields: string[] }> };
  edges: { added: Edge[]; removed: Edge[]; changed: Array<{ id: string; fields: string[] }> };
  contracts: ContractChange[];
  models: Array<{ nodeId: string; from: string; to: string }>;
  /** Step policies by node, and `nodeId: null` for the process settings. */
  policies: Array<{ nodeId: string | null; from: unknown; to: unknown }>;
  /** Name, description: what the process list shows. */
  header: string[];
  empty: boolean;
}

/** Key-order-independent JSON, so reordered keys are not a change. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>, ignore: ReadonlySet<string>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !ignore.has(k)).sort();
  return keys.filter((k) => !same(a[k], b[k]));
}

export function typeName(s: DataSchema): string {
  if (s.type === "string" && s.enum) return `enum(${s.enum.join(" | ")})`;
  if (s.type === "array") return `array<${typeName(s.items)}>`;
  return s.type;
}

/** `{ a: { b: string } }` → `a` (object), `a.b` (string), with `?` kept out: required-ness is part of the type. */
export function flattenSchema(schema: DataSchema | undefined, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (!schema) return out;
  if (schema.type === "object") {
    const required = new Set(schema.required ?? []);
    for (const [key, child] of Object.entries(schema.properties)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.set(path, `${typeName(child)}${required.has(key) ? "" : " (optional)"}`);
      for (const [p, t] of flattenSchema(child, path)) out.set(p, t);
    }
  } else if (schema.type === "array") {
    for (const [p, t] of flattenSchema(schema.items, `${prefix}[]`)) out.set(p, t);
  }
  return out;
}

function schemasOf(node: Node): Array<[string, DataSchema | undefined]> {
  switch (node.kind) {
    case "trigger":
      return [["inputSchema", node.inputSchema]];
    case "llm":
      return [["outputSchema", node.outputSchema]];
    case "tool":
      return [
        ["contract.inputSchema", node.contract.inputSchema],
        ["contract.outputSchema", node.contract.outputSchema],
      ];
    case "subprocess":
      return [["outputSchema", node.outputSchema]];
    default:
      return [];
  }
}

function modelOf(node: Node | undefined): string | undefined {
  if (node?.kind !== "llm") return undefined;
  const one = (c: { tier: string } | { model: string }) => ("tier" in c ? `tier ${c.tier}` : c.model);
  return [node.model, ...(node.fallbacks ?? [])].map(one).join(" → ");
}

const POSITION = new Set(["position"]);

export function diffGraphs(before: Pick<ProcessGraph, "nodes" | "edges" | "settings" | "name" | "description"> | null, after: Pick<ProcessGraph, "nodes" | "edges" | "settings" | "name" | "description">): GraphDiff {
  const prevNodes = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  const nextNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const prevEdges = new Map((before?.edges ?? []).map((e) => [e.id, e]));
  const nextEdges = new Map(after.edges.map((e) => [e.id, e]));

  const diff: GraphDiff = {
    nodes: { added: [], removed: [], changed: [] },
    edges: { added: [], removed: [], changed: [] },
    contracts: [],
    models: [],
    policies: [],
    header: before ? changedFields(before as Record<string, unknown>, after as Record<string, unknown>, new Set(["nodes", "edges", "settings", "slug", "version", "id"])) : [],
    empty: true,
  };

  for (const [id, node] of nextNodes) {
    const prev = prevNodes.get(id);
    if (!prev) {
      diff.nodes.added.push(node);
      continue;
    }
    const fields = changedFields(prev as Record<string, unknown>, node as Record<string, unknown>, POSITION);
    if (fields.length) diff.nodes.changed.push({ id, name: node.name, fields });
    const [from, to] = [modelOf(prev), modelOf(node)];
    if (from !== undefined && to !== undefined && from !== to) diff.models.push({ nodeId: id, from, to });
    if (!same(prev.policy, node.policy)) diff.policies.push({ nodeId: id, from: prev.policy ?? null, to: node.policy ?? null });
    if (prev.kind === node.kind) {
      const prevSchemas = new Map(schemasOf(prev));
      for (const [schema, s] of schemasOf(node)) {
        const a = flattenSchema(prevSchemas.get(schema));
        const b = flattenSchema(s);
        for (const [path, t] of b) {
          if (!a.has(path)) diff.contracts.push({ nodeId: id, schema, path, change: "added", to: t });
          else if (a.get(path) !== t) diff.contracts.push({ nodeId: id, schema, path, change: "retyped", from: a.get(path), to: t });
        }
        for (const [path, t] of a) if (!b.has(path)) diff.contracts.push({ nodeId: id, schema, path, change: "removed", from: t });
      }
    }
  }
  for (const [id, node] of prevNodes) if (!nextNodes.has(id)) diff.nodes.removed.push(node);
  for (const [id, edge] of nextEdges) {
    const prev = prevEdges.get(id);
    if (!prev) diff.edges.added.push(edge);
    else {
      const fields = changedFields(prev as Record<string, unknown>, edge as Record<string, unknown>, new Set());
      if (fields.length) diff.edges.changed.push({ id, fields });
    }
  }
  for (const [id, edge] of prevEdges) if (!nextEdges.has(id)) diff.edges.removed.push(edge);
  if (before && !same(before.settings, after.settings)) diff.policies.push({ nodeId: null, from: before.settings ?? null, to: after.settings ?? null });

  diff.empty =
    !diff.header.length &&
    !diff.nodes.added.length &&
    !diff.nodes.removed.length &&
    !diff.nodes.changed.length &&
    !diff.edges.added.length &&
    !diff.edges.removed.length &&
    !diff.edges.changed.length &&
    !diff.policies.length;
  return diff;
}
