import { z } from "zod";

/**
 * The JSON-Schema subset Baton uses for every contract (trigger input, step output,
 * tool input). It stays a strict subset of JSON Schema so the same object can be handed
 * to a provider's structured-output API or exported as-is.
 */
export type DataSchema =
  | ObjectSchema
  | StringSchema
  | NumberSchema
  | BooleanSchema
  | ArraySchema;

export interface ObjectSchema {
  type: "object";
  properties: Record<string, DataSchema>;
  required?: string[] | undefined;
  additionalProperties?: boolean | undefined;
  description?: string | undefined;
}
export interface StringSchema {
  type: "string";
  enum?: string[] | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  description?: string | undefined;
}
export interface NumberSchema {
  type: "number" | "integer";
  minimum?: number | undefined;
  maximum?: number | undefined;
  description?: string | undefined;
}
export interface BooleanSchema {
  type: "boolean";
  description?: string | undefined;
}
export interface ArraySchema {
  type: "array";
  items: DataSchema;
  minItems?: number | undefined;
  maxItems?: number | undefined;
  description?: string | undefined;
}

const description = z.string().optional();

export const DataSchema: z.ZodType<DataSchema> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("object"),
      properties: z.record(z.string().min(1), DataSchema),
      required: z.array(z.string()).optional(),
      additionalProperties: z.boolean().optional(),
      description,
    }),
    z.strictObject({
      type: z.literal("string"),
      enum: z.array(z.string()).min(1).optional(),
      minLength: z.number().int().nonnegative().optional(),
      maxLength: z.number().int().nonnegative().optional(),
      description,
    }),
    z.strictObject({
      type: z.enum(["number", "integer"]),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      description,
    }),
    z.strictObject({ type: z.literal("boolean"), description }),
    z.strictObject({
      type: z.literal("array"),
      items: DataSchema,
      minItems: z.number().int().nonnegative().optional(),
      maxItems: z.number().int().nonnegative().optional(),
      description,
    }),
  ]),
);

/** Human-readable type name used in diagnostics, e.g. `enum("billing" | "bug")`. */
export function describeSchema(schema: DataSchema): string {
  switch (schema.type) {
    case "string":
      return schema.enum
        ? `enum(${schema.enum.map((v) => JSON.stringify(v)).join(" | ")})`
        : "string";
    case "array":
      return `array<${describeSchema(schema.items)}>`;
    case "object":
      return "object";
    default:
      return schema.type;
  }
}
