import { describeSchema, type DataSchema } from "./data-schema";

export type SchemaLookup =
  | { ok: true; schema: DataSchema }
  | { ok: false; at: string; reason: string; available: string[] };

/**
 * Follow a dotted path (`ticket.body`, `items.0.sku`) through a contract.
 * On failure it says where the path stopped and which fields exist there, so a
 * diagnostic can name the alternatives.
 */
export function resolveSchemaPath(schema: DataSchema, segments: readonly string[]): SchemaLookup {
  let current = schema;
  const walked: string[] = [];
  for (const segment of segments) {
    const at = walked.join(".");
    if (current.type === "object") {
      const next = current.properties[segment];
      if (!next) {
        return { ok: false, at, reason: `has no field "${segment}"`, available: Object.keys(current.properties).sort() };
      }
      current = next;
    } else if (current.type === "array") {
      if (!/^\d+$/.test(segment)) {
        return { ok: false, at, reason: `is an array; "${segment}" is not an index`, available: [] };
      }
      current = current.items;
    } else {
      return { ok: false, at, reason: `is ${describeSchema(current)} and has no field "${segment}"`, available: [] };
    }
    walked.push(segment);
  }
  return { ok: true, schema: current };
}

export type Fit = "ok" | "narrowing" | "mismatch";

/**
 * Can a value typed `from` be passed where `to` is expected?
 * `narrowing` means it may work at run time but is not guaranteed (number → integer,
 * string → enum); `mismatch` means it can never be valid.
 */
export function schemaFits(from: DataSchema, to: DataSchema): Fit {
  switch (to.type) {
    case "string":
      if (from.type !== "string") return "mismatch";
      if (!to.enum) return "ok";
      if (!from.enum) return "narrowing";
      return from.enum.every((v) => to.enum!.includes(v)) ? "ok" : "narrowing";
    case "integer":
      if (from.type === "integer") return "ok";
      return from.type === "number" ? "narrowing" : "mismatch";
    case "number":
      return from.type === "number" || from.type === "integer" ? "ok" : "mismatch";
    case "boolean":
      return from.type === "boolean" ? "ok" : "mismatch";
    case "array":
      return from.type === "array" ? schemaFits(from.items, to.items) : "mismatch";
    case "object": {
      if (from.type !== "object") return "mismatch";
      let result: Fit = "ok";
      for (const key of to.required ?? []) {
        const target = to.properties[key];
        const source = from.properties[key];
        if (!target) continue;
        if (!source) return "mismatch";
        const fit = schemaFits(source, target);
        if (fit === "mismatch") return "mismatch";
        if (fit === "narrowing" || !(from.required ?? []).includes(key)) result = "narrowing";
      }
      return result;
    }
  }
}
