/**
 * The simulator's input-following rules (server/providers/README.md, "Simulator rules"): what a
 * plausible model would answer given the words and numbers in its input. Pure and deterministic;
 * simulator.ts falls back to hash-drawn values only where no rule applies.
 */

import type { DataSchema } from "@/core/contracts";

// --- Classification -------------------------------------------------------------------------

/** Words that make a ticket urgent: an outage, a security problem, an explicit "urgent". */
const URGENT =
  /\b(urgent|urgently|asap|emergency|immediately|outage|down|critical|high priority|priority:? high|sev-?1|p1|production (?:is )?(?:down|broken|stopped)|not working|cannot (?:log ?in|access|work)|security|breach|data loss)\b/i;
/** Words that make it low priority. */
const LOW = /\b(no rush|whenever|when you (?:have|get) (?:time|a chance)|low priority|not urgent|feature request|suggestion|just curious)\b/i;

/** Synonyms that vote for an enum value, by value. A value also votes for itself. */
const SYNONYMS: Record<string, RegExp> = {
  billing: /\b(refunds?|refunded|charged?|charges|double[- ]charged?|invoices?|payments?|paid|pay|billing|billed|bill|subscription|price|pricing|receipt|credit card|card|vat)\b/gi,
  technical: /\b(errors?|bugs?|crash(?:es|ed)?|outage|down|broken|not working|api|timeouts?|slow|500|fail(?:s|ed|ing)?|integration|webhook)\b/gi,
  account: /\b(password|log ?in|sign ?in|account|username|2fa|mfa|locked out|email address|access|permissions?)\b/gi,
  EUR: /€|\beur(?:os?)?\b/gi,
  USD: /\$|\busd\b|\bdollars?\b/gi,
  GBP: /£|\bgbp\b|\bpounds?\b/gi,
};

const LEVELS: Array<{ level: "high" | "normal" | "low"; names: string[] }> = [
  { level: "high", names: ["critical", "urgent", "high", "p1", "sev1", "blocker"] },
  { level: "normal", names: ["normal", "medium", "moderate", "standard", "p2"] },
  { level: "low", names: ["low", "minor", "p3", "trivial"] },
];

const isUrgencyField = (name: string) => /urgen|priorit|severit|importan/i.test(name);

/** "high" | "normal" | "low" for the text, and whether a keyword decided it. */
export function urgencyOf(text: string): { level: "high" | "normal" | "low"; keyword: boolean } {
  if (URGENT.test(text)) return { level: "high", keyword: true };
  if (LOW.test(text)) return { level: "low", keyword: true };
  return { level: "normal", keyword: false };
}

/**
 * The enum value a keyword rule picks, or undefined when no rule applies. Urgency-like fields
 * follow urgency words; other fields vote by synonyms ("charged twice" → billing); with no hit at
 * all an `other`/`general` value wins over a random one.
 */
export function enumByRule(name: string, values: readonly string[], text: string): string | undefined {
  if (isUrgencyField(name)) {
    const { level } = urgencyOf(text);
    // The closest level the enum has: urgent → the highest it offers, low → the lowest.
    const order = level === "high" ? ["high", "normal", "low"] : level === "low" ? ["low", "normal", "high"] : ["normal", "low", "high"];
    for (const l of order) {
      const names = LEVELS.find((x) => x.level === l)!.names;
      const hit = values.find((v) => names.includes(v.toLowerCase()));
      if (hit) return hit;
    }
    return undefined;
  }
  const scores = values.map((v) => {
    const own = new RegExp(`\\b${v.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[_-]+/g, "[ _-]")}\\b`, "gi");
    return (text.match(own) ?? []).length + (SYNONYMS[v] ? (text.match(SYNONYMS[v]) ?? []).length : 0);
  });
  const best = Math.max(...scores);
  if (best > 0) return values[scores.indexOf(best)];
  return values.find((v) => /^(other|general|unknown|none)$/i.test(v));
}

/** Booleans named like "urgent" / "escalate" / "needsHuman" follow the urgency words. */
export function booleanByRule(name: string, text: string): boolean | undefined {
  if (/urgent|escalat|needs?_?human|critical/i.test(name)) return urgencyOf(text).level === "high";
  return undefined;
}

/** How sure a classifier would be: keyword evidence makes it confident, none makes it unsure. */
export function classifyConfidence(text: string, unit: number): number {
  const evidence = Object.values(SYNONYMS)
    .slice(0, 3)
    .reduce((n, re) => n + (text.match(re) ?? []).length, 0) + (urgencyOf(text).keyword ? 1 : 0);
  return evidence > 0 ? 0.8 + unit * 0.17 : 0.45 + unit * 0.2;
}

// --- Extraction -----------------------------------------------------------------------------

const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * An identifier the document states for a field like `invoiceNumber` or `poNumber`: a token that
 * starts with the field's prefix (`INV-7`, `PO-77`), or the value after the label (`Invoice 42`,
 * `PO number: 4500`). Undefined when the document has none (an extraction then leaves it empty).
 */
export function statedIdentifier(fieldWords: string[], text: string): string | undefined {
  const head = fieldWords[0];
  if (!head) return undefined;
  const labels = head === "po" ? ["po", "purchase order", "p\\.o\\."] : [escape(head), ...(head.length > 3 ? [escape(head.slice(0, 3))] : [])];
  for (const label of labels) {
    // A token carrying the prefix itself: PO-77, INV-2024-7, PO#12.
    const token = new RegExp(`\\b(${label}[-#]\\s?\\d[\\w-]*|${label}\\d[\\w-]*)`, "i").exec(text);
    if (token?.[1] && !/\s/.test(token[1])) return token[1];
    // The value after the label: "Invoice 42", "PO number: 4500-A", "invoice no. X-1".
    const after = new RegExp(`\\b${label}\\b\\.?\\s*(?:number|no\\.?|num|id|#)?\\s*[:#]?\\s*([A-Z]{0,5}-?\\d[\\w-]*)`, "i").exec(text);
    if (after?.[1]) return after[1];
  }
  return undefined;
}

/** A number the text gives after a label, with or without a colon: "total 120.00", "Total: 1,250". */
export function statedAmount(fieldWords: string[], text: string): number | undefined {
  const label = fieldWords.map(escape).join("[\\s_-]*");
  const m = new RegExp(`\\b${label}\\b[^\\d\\n-]{0,24}?(-?\\d[\\d,']*(?:\\.\\d+)?)`, "i").exec(text);
  if (!m?.[1]) return undefined;
  const n = Number(m[1].replace(/[,']/g, ""));
  return Number.isFinite(n) ? n : undefined;
}

export interface LineItem {
  sku: string;
  quantity: number;
  unitPrice?: number;
}

/**
 * Line items a document lists: "3 widgets", "2 x SKU-9 @ 12.50", "SKU-1 qty 4 at 3.20". A single
 * line without a unit price gets total ÷ quantity (that is what the document implies).
 */
export function statedLineItems(text: string, total: number | undefined): LineItem[] {
  const items: LineItem[] = [];
  const re = /\b(\d{1,6})\s*(?:x|×|pcs?\.?|units?\s+of)?\s+([A-Za-z][\w-]{1,40})(?:\s*(?:@|at|à)\s*(?:[$€£]\s*)?(\d+(?:\.\d+)?))?/gi;
  for (const m of text.matchAll(re)) {
    const sku = m[2]!;
    // Units and money words are not products ("30 days", "120.00 EUR").
    // Units, money and filler words are not products ("30 days", "120.00 EUR", "INV-7 for").
    if (/^(days?|weeks?|months?|years?|hours?|minutes?|eur|usd|gbp|chf|percent|items?|lines?|times?|for|of|to|in|on|at|and|the|from|per|with)$/i.test(sku)) continue;
    // Part of an identifier or amount ("INV-7", "PO#77", "1.5"), not a quantity.
    if (m.index! > 0 && /[\w.,#-]/.test(text[m.index! - 1]!)) continue;
    items.push({ sku, quantity: Number(m[1]), ...(m[3] ? { unitPrice: Number(m[3]) } : {}) });
  }
  if (items.length === 1 && items[0]!.unitPrice === undefined && total !== undefined && items[0]!.quantity > 0) {
    items[0]!.unitPrice = Math.round((total / items[0]!.quantity) * 100) / 100;
  }
  return items;
}

// --- Matching -------------------------------------------------------------------------------

/**
 * A matching tool (an output with a `result`-like enum containing "match" and a `difference`):
 * compares the numbers it was given. No PO number (in the URL or input) → not found; the total
 * against the sum of the lines → the real difference.
 */
export function matchByRule(
  values: readonly string[],
  request: { url?: string; input: unknown },
): { result: string; difference: number } | undefined {
  if (!values.includes("match")) return undefined;
  const input = (request.input && typeof request.input === "object" ? request.input : {}) as Record<string, unknown>;
  const total = typeof input.total === "number" ? input.total : undefined;
  const lines = Array.isArray(input.lines) ? (input.lines as Array<Record<string, unknown>>) : [];
  const poInput = Object.entries(input).find(([k]) => /^po|purchase/i.test(k))?.[1];
  const poUrl = request.url ? /purchase[-_]?orders?\/([^/?#]*)/i.exec(request.url)?.[1] : undefined;
  const po = typeof poInput === "string" ? poInput : poUrl !== undefined ? decodeURIComponent(poUrl) : "n/a";
  const notFound = values.find((v) => /not[_-]?found|missing|unknown/i.test(v));
  if (!po.trim() && notFound) return { result: notFound, difference: total ?? 0 };
  const pick = (re: RegExp, fallback: string) => values.find((v) => re.test(v)) ?? fallback;
  if (lines.some((l) => typeof l.quantity === "number" && l.quantity <= 0)) {
    return { result: pick(/quantit/i, pick(/mismatch/i, "match")), difference: 0 };
  }
  const sum = lines.reduce((s, l) => s + (Number(l.quantity) || 0) * (Number(l.unitPrice) || 0), 0);
  const difference = total === undefined || lines.length === 0 ? 0 : Math.round((total - sum) * 100) / 100;
  if (difference !== 0) return { result: pick(/amount|mismatch/i, "match"), difference };
  return { result: "match", difference: 0 };
}

/** A matching tool's verdict follows the numbers in its request (see matchByRule). */
export function applyMatchRule(schema: DataSchema, output: unknown, prompt: string): unknown {
  if (schema.type !== "object" || !output || typeof output !== "object") return output;
  const resultKey = Object.keys(schema.properties).find((k) => {
    const p = schema.properties[k];
    return p?.type === "string" && p.enum?.includes("match");
  });
  if (!resultKey || schema.properties.difference?.type !== "number") return output;
  const [first = "", ...rest] = prompt.split("\n");
  let input: unknown;
  try {
    input = JSON.parse(rest.join("\n"));
  } catch {
    return output;
  }
  const url = first.split(" ")[1];
  const verdict = matchByRule((schema.properties[resultKey] as { enum: string[] }).enum, { ...(url ? { url } : {}), input });
  return verdict ? { ...(output as Record<string, unknown>), [resultKey]: verdict.result, difference: verdict.difference } : output;
}
