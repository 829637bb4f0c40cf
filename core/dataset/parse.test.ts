import { describe, expect, it } from "vitest";
import type { DataSchema } from "../contracts/data-schema";
import { coerceCell, parseDataset, splitCsv } from "./parse";

const schema: DataSchema = {
  type: "object",
  properties: {
    subject: { type: "string" },
    priority: { type: "integer", minimum: 1, maximum: 5 },
    vip: { type: "boolean" },
    tags: { type: "array", items: { type: "string" } },
    channel: { type: "string", enum: ["email", "chat"] },
  },
  required: ["subject"],
};

describe("CSV", () => {
  it("splits quoted cells with commas, doubled quotes and line breaks, and keeps each record's first line", () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\n"multi\nline",2\n\n3,4';
    expect(splitCsv(text)).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["x, y", 'say "hi"'] },
      { line: 3, cells: ["multi\nline", "2"] },
      { line: 6, cells: ["3", "4"] },
    ]);
  });

  it("maps columns to top-level fields case-insensitively and coerces each cell to the field's type", () => {
    const text = 'Subject,priority,VIP,tags\nRefund please,2,yes,"[""billing""]"\nDown!,5,false,\n';
    const r = parseDataset(text, "csv", schema);
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual([
      { column: "Subject", field: "subject" },
      { column: "priority", field: "priority" },
      { column: "VIP", field: "vip" },
      { column: "tags", field: "tags" },
    ]);
    // An empty cell leaves the field out.
    expect(r.inputs).toEqual([
      { subject: "Refund please", priority: 2, vip: true, tags: ["billing"] },
      { subject: "Down!", priority: 5, vip: false },
    ]);
  });

  it("lists every row's problem with its line before anything runs: bad coercions, schema violations, cell counts", () => {
    const text = "subject,priority,vip,channel\nok,1,no,email\nbad,two,maybe,chat\n,3,1,email\nfine,9,0,fax\nshort,1\n";
    const r = parseDataset(text, "csv", schema);
    expect(r.inputs).toEqual([{ subject: "ok", priority: 1, vip: false, channel: "email" }]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(r.errors[0]!.message).toMatch(/priority: expected a number, got "two"; vip: expected true\/false/);
    expect(r.errors[1]!.message).toMatch(/subject/);
    expect(r.errors[2]!.message).toMatch(/priority/);
    expect(r.errors[2]!.message).toMatch(/channel/);
    expect(r.errors[3]!.message).toBe("Has 2 cells; the header has 4.");
  });

  it("refuses a header column that matches no input field, naming the fields", () => {
    const r = parseDataset("subject,urgency\nx,1\n", "csv", schema);
    expect(r.inputs).toEqual([]);
    expect(r.errors).toEqual([{ line: 1, message: 'Column "urgency" match no input field (fields: subject, priority, vip, tags, channel).' }]);
  });

  it("coerces integers strictly and JSON cells for arrays", () => {
    expect(coerceCell("2.5", { type: "integer" })).toEqual({ ok: false, message: 'expected a whole number, got "2.5"' });
    expect(coerceCell(" 2.5 ", { type: "number" })).toEqual({ ok: true, value: 2.5 });
    expect(coerceCell("[1,", { type: "array", items: { type: "number" } }).ok).toBe(false);
    expect(coerceCell(" keep  spaces ", { type: "string" })).toEqual({ ok: true, value: " keep  spaces " });
  });
});

describe("JSONL", () => {
  it("reads one JSON value per line, skipping blank lines, and reports bad JSON and schema errors by line", () => {
    const text = '{"subject":"a"}\n\n{"subject":\n{"priority":3}\n{"subject":"b","vip":true}\n';
    const r = parseDataset(text, "jsonl", schema);
    expect(r.inputs).toEqual([{ subject: "a" }, { subject: "b", vip: true }]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(r.errors[0]!.message).toMatch(/^Not valid JSON/);
    expect(r.errors[1]!.message).toMatch(/subject/);
  });

  it("says so when the file has no rows", () => {
    expect(parseDataset("\n\n", "jsonl", schema).errors).toEqual([{ line: 0, message: "The file has no rows." }]);
  });
});
