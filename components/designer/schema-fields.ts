import type { DataSchema, ObjectSchema } from "@/core/contracts";

/**
 * The field-list model behind the schema editor: an object schema as rows (name, type,
 * required, enum, description, nested fields), and back. Constraints the rows do not show
 * (minimum, maxLength, …) ride along in `extra`, so editing a row never drops them.
 */
export type FieldType = "string" | "number" | "integer" | "boolean" | "object" | "array";
export const FIELD_TYPES: FieldType[] = ["string", "number", "integer", "boolean", "object", "array"];

export interface SchemaField {
  name: string;
  type: FieldType;
  required: boolean;
  description?: string;
  /** String fields: the allowed values (an enum). */
  enum?: string[];
  /** Object fields: their fields. */
  fields?: SchemaField[];
  /** Array fields: the item type (its name and required are unused). */
  item?: SchemaField;
  extra?: Record<string, unknown>;
}

function fieldOf(name: string, schema: DataSchema, required: boolean): SchemaField {
  const { type, description, ...rest } = schema as DataSchema & Record<string, unknown>;
  const field: SchemaField = { name, type: type as FieldType, required };
  if (description !== undefined) field.description = description as string;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (schema.type === "object" && (k === "properties" || k === "required")) continue;
    if (schema.type === "array" && k === "items") continue;
    if (schema.type === "string" && k === "enum") continue;
    extra[k] = v;
  }
  if (Object.keys(extra).length) field.extra = extra;
  if (schema.type === "string" && schema.enum) field.enum = [...schema.enum];
  if (schema.type === "object") field.fields = fieldsOf(schema);
  if (schema.type === "array") field.item = fieldOf("item", schema.items, true);
  return field;
}

export function fieldsOf(schema: ObjectSchema): SchemaField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, s]) => fieldOf(name, s, required.has(name)));
}

function schemaOfField(field: SchemaField): DataSchema {
  const common = { ...(field.extra ?? {}), ...(field.description ? { description: field.description } : {}) };
  switch (field.type) {
    case "object":
      return { ...schemaOf(field.fields ?? [], field.extra), ...(field.description ? { description: field.description } : {}) };
    case "array":
      return { ...common, type: "array", items: schemaOfField(field.item ?? { name: "item", type: "string", required: true }) } as DataSchema;
    case "string":
      return { ...common, type: "string", ...(field.enum?.length ? { enum: field.enum } : {}) } as DataSchema;
    default:
      return { ...common, type: field.type } as DataSchema;
  }
}

export function schemaOf(fields: readonly SchemaField[], extra?: Record<string, unknown>): ObjectSchema {
  const properties: Record<string, DataSchema> = {};
  const required: string[] = [];
  for (const f of fields) {
    if (!f.name) continue;
    properties[f.name] = schemaOfField(f);
    if (f.required) required.push(f.name);
  }
  return { ...(extra ?? {}), type: "object", properties, ...(required.length ? { required } : {}) } as ObjectSchema;
}

/** A new field name not yet used among its siblings. */
export function newFieldName(fields: readonly SchemaField[]): string {
  const names = new Set(fields.map((f) => f.name));
  for (let i = 1; ; i++) if (!names.has(`field${i}`)) return `field${i}`;
}

/** Problems the rows can have that the schema cannot express: empty or repeated names. */
export function fieldProblems(fields: readonly SchemaField[], prefix = ""): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    const path = prefix ? `${prefix}.${f.name || "?"}` : f.name || "?";
    if (!f.name) out.push(`A field under ${prefix || "the top level"} has no name.`);
    else if (seen.has(f.name)) out.push(`"${path}" appears twice.`);
    seen.add(f.name);
    if (f.type === "string" && f.enum && f.enum.length === 0) out.push(`"${path}" has an empty list of values.`);
    if (f.fields) out.push(...fieldProblems(f.fields, path));
    if (f.item?.fields) out.push(...fieldProblems(f.item.fields, `${path}[]`));
  }
  return out;
}

/** Key-order-insensitive JSON equality (a schema read back from storage may order keys differently). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The rows to show for `schema`. The rows being edited are kept while they still produce the
 * schema: an unnamed or repeated field has no place in a JSON Schema, so re-deriving rows from
 * the schema on every edit made a row vanish the moment its name was cleared. Rows are rebuilt
 * from the schema only when it changed from elsewhere (undo, raw JSON, another node).
 */
export function rowsForSchema(schema: ObjectSchema, editing: readonly SchemaField[] | null, extra?: Record<string, unknown>): SchemaField[] {
  if (editing && sameJson(schemaOf(editing, extra), schema)) return editing as SchemaField[];
  return fieldsOf(schema);
}
