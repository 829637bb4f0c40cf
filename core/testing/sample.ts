import type { DataSchema } from "../contracts/data-schema";

/** A deterministic value that satisfies a contract (first enum value, maximum number, ...). */
export function sampleFromSchema(schema: DataSchema, overrides: Record<string, unknown> = {}, path = ""): unknown {
  if (path in overrides) return overrides[path];
  switch (schema.type) {
    case "object":
      return Object.fromEntries(
        Object.keys(schema.properties).map((k) => [k, sampleFromSchema(schema.properties[k]!, overrides, path ? `${path}.${k}` : k)]),
      );
    case "string":
      return schema.enum ? schema.enum[0] : `sample ${path || "text"}`;
    case "integer":
      return schema.maximum ?? 1;
    case "number":
      return schema.maximum ?? 1;
    case "boolean":
      return true;
    case "array":
      return [sampleFromSchema(schema.items, overrides, `${path}.0`)];
  }
}
