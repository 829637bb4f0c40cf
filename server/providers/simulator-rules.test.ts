// The simulator follows its input (server/providers/README.md, "Simulator rules"): the seeded
// examples' own prompts and contracts, so the demo behaves like a plausible process.
import { describe, expect, it } from "vitest";
import { exampleGraphs } from "@/core";
import type { DataSchema } from "@/core/contracts";
import { simulate, SimulatorProvider } from "./simulator";
import { ProviderError, type ModelRequest } from "./types";

type Llm = { id: string; kind: string; prompt?: string; outputSchema?: DataSchema; task?: ModelRequest["task"] };
const nodeOf = (slug: keyof typeof exampleGraphs, id: string) => exampleGraphs[slug].nodes.find((n) => n.id === id) as unknown as Llm & {
  contract?: { outputSchema: DataSchema };
};

function classifyTicket(subject: string, body: string, plan = "pro", seed = "run_1:classify") {
  const n = nodeOf("support-triage", "classify");
  const prompt = `Classify this support ticket from a ${plan} customer.\nSubject: ${subject}\n\n${body}`;
  return simulate({ model: "light-1", prompt, outputSchema: n.outputSchema!, schemaName: "classify", task: "classify", seed }).output as {
    category: string;
    urgency: string;
    confidence: number;
  };
}

function extractInvoice(text: string, seed = "run_1:extract") {
  const n = nodeOf("invoice-reconciliation", "extract");
  const prompt = `Extract the invoice fields from this document of vendor VEN-1:\n\n${text}`;
  return simulate({ model: "light-1", prompt, outputSchema: n.outputSchema!, schemaName: "extract", task: "extract", seed }).output as {
    invoiceNumber: string;
    poNumber: string;
    total: number;
    currency: string;
    lines: Array<{ sku: string; quantity: number; unitPrice: number }>;
  };
}

function matchPo(poNumber: string, body: Record<string, unknown>, seed = "run_1:match-po") {
  const n = nodeOf("invoice-reconciliation", "match-po");
  const url = `https://erp.example.com/api/purchase-orders/${poNumber}/match`;
  return simulate({ model: "tool", prompt: `POST ${url}\n${JSON.stringify(body)}`, outputSchema: n.contract!.outputSchema, schemaName: "match", seed })
    .output as { result: string; difference: number };
}

describe("simulator rules: classification follows the words", () => {
  it("an outage or an explicit 'urgent' is high urgency, whatever the seed", () => {
    for (const seed of ["a", "b", "c", "d", "e"]) {
      expect(classifyTicket("URGENT: production is down", "Nothing loads since 9:00, all users affected.", "enterprise", seed).urgency).toBe("high");
      expect(classifyTicket("Outage", "The API answers 500 for every request.", "pro", seed)).toMatchObject({ urgency: "high", category: "technical" });
      expect(classifyTicket("Refund", "I was charged twice, I want a refund. High priority, please.", "pro", seed).urgency).toBe("high");
    }
  });

  it("refunds and double charges are billing, password trouble is account, routine tickets are normal", () => {
    for (const seed of ["a", "b", "c"]) {
      expect(classifyTicket("Refund", "I was charged twice, I want a refund", "pro", seed)).toMatchObject({ category: "billing", urgency: "normal" });
      expect(classifyTicket("Question about my invoice", "Can you resend the invoice for March?", "free", seed).category).toBe("billing");
      expect(classifyTicket("Password reset", "I forgot my password and the reset email never arrives.", "pro", seed).category).toBe("account");
      expect(classifyTicket("Idea", "A feature request, no rush: dark mode.", "free", seed).urgency).toBe("low");
    }
  });

  it("is confident with keyword evidence and unsure without, and says 'other' when nothing fits", () => {
    const clear = classifyTicket("Refund", "I was charged twice");
    const vague = classifyTicket("Hello", "Tell me a joke about penguins.");
    expect(clear.confidence).toBeGreaterThanOrEqual(0.8);
    expect(vague.confidence).toBeLessThan(0.7);
    expect(vague.category).toBe("other");
  });
});

describe("simulator rules: extraction copies what the document states", () => {
  it("takes invoice number, PO number, total, currency and lines from the text", () => {
    const out = extractInvoice("Invoice INV-7 for PO-77: 3 widgets, total 120.00 EUR");
    expect(out).toEqual({ invoiceNumber: "INV-7", poNumber: "PO-77", total: 120, currency: "EUR", lines: [{ sku: "widgets", quantity: 3, unitPrice: 40 }] });
  });

  it("leaves a PO number the document lacks empty instead of inventing one", () => {
    const out = extractInvoice("Invoice 2291 from Acme GmbH\n2 x GEAR-9 @ 1,000.00\nTotal: 4,378.61 EUR");
    expect(out.invoiceNumber).toBe("2291");
    expect(out.poNumber).toBe("");
    expect(out.total).toBe(4378.61);
  });
});

describe("simulator rules: matching compares the numbers it was given", () => {
  const line = { sku: "widgets", quantity: 3, unitPrice: 40 };
  it("no PO number → not found; total ≠ lines → mismatch with the real difference; equal → match", () => {
    expect(matchPo("", { total: 120, lines: [line] })).toMatchObject({ result: "po_not_found" });
    expect(matchPo("PO-77", { total: 2498.61, lines: [line] })).toEqual(expect.objectContaining({ result: "amount_mismatch", difference: 2378.61 }));
    expect(matchPo("PO-77", { total: 120, lines: [line] })).toEqual(expect.objectContaining({ result: "match", difference: 0 }));
    expect(matchPo("PO-77", { total: 0, lines: [{ ...line, quantity: 0 }] }).result).toBe("quantity_mismatch");
  });

  it("the seeded invoice flows: extraction → match agree end to end", () => {
    const ex = extractInvoice("Invoice INV-7 for PO-77: 3 widgets, total 120.00 EUR");
    expect(matchPo(ex.poNumber, { vendorId: "VEN-1", invoiceNumber: ex.invoiceNumber, total: ex.total, currency: ex.currency, lines: ex.lines }).result).toBe("match");
    const noPo = extractInvoice("Invoice 2291\nTotal: 2,378.61 EUR");
    expect(matchPo(noPo.poNumber, { total: noPo.total, lines: noPo.lines }).result).toBe("po_not_found");
  });
});

describe("simulator faults: `*N` counts the step's attempts, durably", () => {
  const req: ModelRequest = {
    model: "light-1",
    prompt: "Classify: charged twice __simulate: rate_limit*2",
    outputSchema: nodeOf("support-triage", "classify").outputSchema!,
    schemaName: "classify",
    task: "classify",
    seed: "run_9:classify",
  };
  const outcome = (p: SimulatorProvider, attempt: number) =>
    p.complete({ ...req, attempt }).then(
      () => "ok",
      (e: ProviderError) => e.code,
    );

  it("fails twice then succeeds, also when the simulator restarts between the attempts", async () => {
    const before = new SimulatorProvider({ latencyScale: 0 });
    expect(await outcome(before, 1)).toBe("rate_limit");
    // A new process: nothing in memory, the attempt number comes from the run's step ids.
    const after = new SimulatorProvider({ latencyScale: 0 });
    expect(await outcome(after, 2)).toBe("rate_limit");
    expect(await outcome(after, 3)).toBe("ok");
    // Re-executing attempt 3 after a crash gives the same answer.
    expect(await outcome(new SimulatorProvider({ latencyScale: 0 }), 3)).toBe("ok");
  });
});
