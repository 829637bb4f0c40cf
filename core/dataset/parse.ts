import type { DataSchema } from "../contracts/data-schema";
import { validateData } from "../contracts/validate-data";

/**
 * A dataset upload (JSONL or CSV) → inputs for the trigger, with every row's problems listed
 * before anything runs. Pure, so the browser previews exactly what the server will accept.
 * CSV columns map to the trigger input's top-level fields by name (case-insensitive) and are
 * coerced to the field's type; an empty cell leaves the field out.
 */
/** bytes: under the default request body limit (BATON_MAX_BODY_BYTES, 1 MiB), which the upload passes through. */
export const DATASET_LIMITS = { rows: 1000, runs: 5000, bytes: 900_000 } as const;

export type DatasetFormat = "jsonl" | "csv";

export interface RowError {
  /** 1-based line of the file (CSV: the header is line 1). */
  line: number;
  message: string;
}

export interface ParsedDataset {
  inputs: unknown[];
  errors: RowError[];
  /** CSV only: column → the input field it fills. */
  columns?: Array<{ column: string; field: string | null }>;
}

export function parseDataset(text: string, format: DatasetFormat, schema: DataSchema): ParsedDataset {
  if (text.length > DATASET_LIMITS.bytes) {
    return { inputs: [], errors: [{ line: 0, message: `The file is ${text.length} characters; a dataset holds at most ${DATASET_LIMITS.bytes}.` }] };
  }
  const parsed = format === "jsonl" ? parseJsonl(text) : parseCsvRows(text, schema);
  const inputs: unknown[] = [];
  const errors: RowError[] = [...parsed.errors];
  for (const row of parsed.rows) {
    const issues = validateData(schema, row.value);
    if (issues.length) errors.push({ line: row.line, message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ") });
    else inputs.push(row.value);
  }
  if (parsed.rows.length === 0 && errors.length === 0) errors.push({ line: 0, message: "The file has no rows." });
  if (parsed.rows.length > DATASET_LIMITS.rows) errors.push({ line: 0, message: `The file has ${parsed.rows.length} rows; a dataset holds at most ${DATASET_LIMITS.rows}.` });
  errors.sort((a, b) => a.line - b.line);
  return { inputs, errors, ...(parsed.columns ? { columns: parsed.columns } : {}) };
}

interface Rows {
  rows: Array<{ line: number; value: unknown }>;
  errors: RowError[];
  columns?: Array<{ column: string; field: string | null }>;
}

function parseJsonl(text: string): Rows {
  const rows: Rows["rows"] = [];
  const errors: RowError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      rows.push({ line: i + 1, value: JSON.parse(line) as unknown });
    } catch (e) {
      errors.push({ line: i + 1, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
    }
  });
  return { rows, errors };
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. Each record keeps its first line. */
export function splitCsv(text: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  const endRecord = () => {
    cells.push(cell);
    if (touched || cells.length > 1 || cell !== "") records.push({ line: start, cells });
    cells = [];
    cell = "";
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = touched = true;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
      touched = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== "" || cells.length || touched) endRecord();
  return records;
}

function parseCsvRows(text: string, schema: DataSchema): Rows {
  const records = splitCsv(text.replace(/^\uFEFF/, ""));
  const header = records.shift();
  if (!header) return { rows: [], errors: [] };
  const fields = schema.type === "object" ? schema.properties : {};
  const byLower = new Map(Object.keys(fields).map((f) => [f.toLowerCase(), f]));
  const columns = header.cells.map((c) => ({ column: c.trim(), field: fields[c.trim()] ? c.trim() : (byLower.get(c.trim().toLowerCase()) ?? null) }));
  const errors: RowError[] = [];
  const unknown = columns.filter((c) => c.field === null).map((c) => `"${c.column}"`);
  if (schema.type !== "object") errors.push({ line: 1, message: "The trigger input is not an object, so CSV columns cannot map to it; upload JSONL instead." });
  else if (unknown.length) errors.push({ line: 1, message: `Column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} match no input field (fields: ${Object.keys(fields).join(", ") || "none"}).` });
  if (errors.length) return { rows: [], errors, columns };
  const rows: Rows["rows"] = [];
  for (const record of records) {
    if (record.cells.length !== columns.length) {
      errors.push({ line: record.line, message: `Has ${record.cells.length} cells; the header has ${columns.length}.` });
      continue;
    }
    const value: Record<string, unknown> = {};
    const problems: string[] = [];
    record.cells.forEach((cell, i) => {
      const field = columns[i]!.field!;
      if (cell === "") return;
      const coerced = coerceCell(cell, fields[field]!);
      if (coerced.ok) value[field] = coerced.value;
      else problems.push(`${field}: ${coerced.message}`);
    });
    if (problems.length) errors.push({ line: record.line, message: problems.join("; ") });
    else rows.push({ line: record.line, value });
  }
  return { rows, errors, columns };
}

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/** A CSV cell as the field's type: numbers, booleans (true/false/yes/no/1/0), JSON for arrays and objects. */
export function coerceCell(cell: string, schema: DataSchema): Coerced {
  const t = cell.trim();
  switch (schema.type) {
    case "string":
      return { ok: true, value: cell };
    case "number":
    case "integer": {
      const n = Number(t);
      if (t === "" || !Number.isFinite(n)) return { ok: false, message: `expected a number, got ${JSON.stringify(cell)}` };
      if (schema.type === "integer" && !Number.isInteger(n)) return { ok: false, message: `expected a whole number, got ${JSON.stringify(cell)}` };
      return { ok: true, value: n };
    }
    case "boolean": {
      const v = t.toLowerCase();
      if (["true", "yes", "1"].includes(v)) return { ok: true, value: true };
      if (["false", "no", "0"].includes(v)) return { ok: true, value: false };
      return { ok: false, message: `expected true/false (or yes/no, 1/0), got ${JSON.stringify(cell)}` };
    }
    case "array":
    case "object":
      try {
        return { ok: true, value: JSON.parse(t) as unknown };
      } catch {
        return { ok: false, message: `expected JSON (${schema.type}), got ${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell)}` };
      }
  }
}
