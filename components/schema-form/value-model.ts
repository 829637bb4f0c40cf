import type { DataSchema } from "@/core/contracts";

/**
 * The form's value is the JSON value itself (no parallel "form state"), so the raw JSON view,
 * the validator (core/contracts) and the API all see exactly what the fields show. These pure
 * helpers read and write it immutably by path.
 */
export type Path = ReadonlyArray<string | number>;

/** `["items", 2, "sku"]` → `items.2.sku`: the same dotted form `validateData` reports issues at. */
export function pathKey(path: Path): string {
  return path.map(String).join(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === "number") current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/**
 * A copy of `value` with `next` at `path`, creating objects/arrays on the way. `undefined`
 * removes an object key, so clearing an optional field leaves it out of the JSON rather than
 * sending `""` or `null`, which the contract would reject.
 */
export function setAt(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (typeof head === "number") {
    const array = Array.isArray(value) ? [...value] : [];
    array[head] = setAt(array[head], rest, next);
    return array;
  }
  const record: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  const child = setAt(record[head!], rest, next);
  if (child === undefined) delete record[head!];
  else record[head!] = child;
  return record;
}

function arrayAt(value: unknown, path: Path): unknown[] {
  const found = getAt(value, path);
  return Array.isArray(found) ? found : [];
}

export function appendItem(value: unknown, path: Path, item: unknown): unknown {
  return setAt(value, path, [...arrayAt(value, path), item]);
}

export function removeItem(value: unknown, path: Path, index: number): unknown {
  return setAt(value, path, arrayAt(value, path).filter((_, i) => i !== index));
}

/** Moves the item at `from` to `to` (both clamped to the array); other items keep their order. */
export function moveItem(value: unknown, path: Path, from: number, to: number): unknown {
  const items = [...arrayAt(value, path)];
  if (from < 0 || from >= items.length) return value;
  const target = Math.max(0, Math.min(items.length - 1, to));
  const [moved] = items.splice(from, 1);
  items.splice(target, 0, moved);
  return setAt(value, path, items);
}

/**
 * A starting value for a schema: required object fields are present (so the form has somewhere
 * to type), optional ones are left out; strings start empty, booleans false, arrays with their
 * minimum number of items. Numbers and enums start unset: a guessed 0 or first option would be
 * submitted without the person ever choosing it.
 */
export function emptyValue(schema: DataSchema): unknown {
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const prop = schema.properties[key];
        if (!prop) continue;
        const v = emptyValue(prop);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => emptyValue(schema.items) ?? null);
    case "string":
      return schema.enum ? undefined : "";
    case "boolean":
      return false;
    default:
      return undefined;
  }
}

/**
 * The empty value with `prefill` laid over it wherever the prefill fits the schema's shape, so
 * a stale prefill (an older version's input) keeps what still applies and drops what does not.
 */
export function initialValue(schema: DataSchema, prefill: unknown): unknown {
  if (prefill === undefined) return emptyValue(schema);
  // Returns undefined for a leaf prefill of the wrong type, so the caller keeps its empty value.
  switch (schema.type) {
    case "object": {
      if (!isRecord(prefill)) return emptyValue(schema);
      const out = emptyValue(schema) as Record<string, unknown>;
      for (const [key, prop] of Object.entries(schema.properties)) {
        if (prefill[key] === undefined) continue;
        const v = initialValue(prop, prefill[key]);
        if (v !== undefined) out[key] = v;
      }
      // Keys the contract does not know are kept: the validator names them, rather than the form silently dropping data.
      for (const [key, v] of Object.entries(prefill)) if (!(key in schema.properties)) out[key] = v;
      return out;
    }
    case "array":
      return Array.isArray(prefill) ? prefill.map((item) => initialValue(schema.items, item) ?? emptyValue(schema.items) ?? null) : emptyValue(schema);
    // A leaf of the wrong type is dropped (undefined); a required one keeps its empty value above.
    case "string":
      return typeof prefill === "string" ? prefill : undefined;
    case "boolean":
      return typeof prefill === "boolean" ? prefill : undefined;
    default:
      return typeof prefill === "number" ? prefill : undefined;
  }
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined));
    return [...keys].every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The leaf fields (and whole arrays whose length changed) where `current` differs from
 * `original`, as dotted paths: what a reviewer changed in an edit decision.
 */
export function changedPaths(schema: DataSchema, original: unknown, current: unknown, path: Path = []): string[] {
  if (schema.type === "object") {
    return Object.entries(schema.properties).flatMap(([key, prop]) => changedPaths(prop, getAt(original, [key]), getAt(current, [key]), [...path, key]));
  }
  if (schema.type === "array" && Array.isArray(original) && Array.isArray(current) && original.length === current.length) {
    return current.flatMap((item, i) => changedPaths(schema.items, original[i], item, [...path, i]));
  }
  return jsonEqual(original, current) ? [] : [pathKey(path)];
}

/** `customerEmail` → `Customer email`, `ticket_id` → `Ticket id`: a label from a contract key. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}
