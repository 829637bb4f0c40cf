import { describeSchema, type DataSchema } from "./data-schema";

export interface ContractIssue {
  /** Dotted path into the value, `""` for the root, array indexes as numbers: `items.2.sku`. */
  path: string;
  expected: string;
  received: string;
  message: string;
}

/** Validate a value against a contract. Returns every difference, in document order. */
export function validateData(schema: DataSchema, value: unknown): ContractIssue[] {
  const issues: ContractIssue[] = [];
  check(schema, value, "", issues);
  return issues;
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string") return `string ${JSON.stringify(truncate(value))}`;
  return typeof value;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

function push(issues: ContractIssue[], path: string, expected: string, received: string, detail?: string) {
  const where = path === "" ? "the value" : `"${path}"`;
  issues.push({
    path,
    expected,
    received,
    message: detail ?? `${where}: expected ${expected}, got ${received}`,
  });
}

function check(schema: DataSchema, value: unknown, path: string, issues: ContractIssue[]): void {
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        push(issues, path, "object", describeValue(value));
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (record[key] === undefined) {
          const p = join(path, key);
          const prop = schema.properties[key];
          push(issues, p, prop ? describeSchema(prop) : "a value", "nothing", `"${p}" is required but missing`);
        }
      }
      for (const key of Object.keys(schema.properties).sort()) {
        const prop = schema.properties[key];
        if (prop && record[key] !== undefined) check(prop, record[key], join(path, key), issues);
      }
      if (schema.additionalProperties === false) {
        for (const key of Object.keys(record).sort()) {
          if (!(key in schema.properties)) {
            const p = join(path, key);
            push(issues, p, "no such field", describeValue(record[key]), `"${p}" is not part of the contract`);
          }
        }
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") {
        push(issues, path, describeSchema(schema), describeValue(value));
        return;
      }
      if (schema.enum && !schema.enum.includes(value)) push(issues, path, describeSchema(schema), describeValue(value));
      if (schema.minLength !== undefined && value.length < schema.minLength)
        push(issues, path, `at least ${schema.minLength} characters`, `${value.length} characters`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        push(issues, path, `at most ${schema.maxLength} characters`, `${value.length} characters`);
      return;
    }
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value) || (schema.type === "integer" && !Number.isInteger(value))) {
        push(issues, path, schema.type, describeValue(value));
        return;
      }
      if (schema.minimum !== undefined && value < schema.minimum) push(issues, path, `>= ${schema.minimum}`, String(value));
      if (schema.maximum !== undefined && value > schema.maximum) push(issues, path, `<= ${schema.maximum}`, String(value));
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") push(issues, path, "boolean", describeValue(value));
      return;
    case "array": {
      if (!Array.isArray(value)) {
        push(issues, path, describeSchema(schema), describeValue(value));
        return;
      }
      if (schema.minItems !== undefined && value.length < schema.minItems)
        push(issues, path, `at least ${schema.minItems} items`, `${value.length} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        push(issues, path, `at most ${schema.maxItems} items`, `${value.length} items`);
      value.forEach((item, i) => check(schema.items, item, join(path, i), issues));
      return;
    }
  }
}

/** One line per issue, for error messages and repair prompts. */
export function formatIssues(issues: ContractIssue[]): string {
  return issues.map((i) => `- ${i.message}`).join("\n");
}
