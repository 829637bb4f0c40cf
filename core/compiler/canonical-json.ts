/**
 * JSON with object keys sorted at every level and `undefined` fields dropped, so two
 * structurally equal values always serialise to the same string (RFC 8785 in spirit,
 * without its number formatting subtleties, which plain JSON numbers here do not need).
 */
export function canonicalJson(value: unknown): string {
  // One output array for the whole value: building a string per level made a plan at the size cap
  // allocate (and collect) megabytes of intermediate strings.
  const out: string[] = [];
  write(value, out);
  return out.join("");
}

function write(value: unknown, out: string[]): void {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot canonicalise the number ${value}`);
    out.push(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i) out.push(",");
      if (value[i] === undefined) out.push("null");
      else write(value[i], out);
    }
    out.push("]");
    return;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    out.push("{");
    keys.forEach((k, i) => {
      if (i) out.push(",");
      out.push(JSON.stringify(k), ":");
      write(record[k], out);
    });
    out.push("}");
    return;
  }
  throw new TypeError(`Cannot canonicalise a ${typeof value}`);
}
