import { afterAll, beforeAll, expect, it } from "vitest";
import { exampleGraphs } from "@/core";
import { listProcesses } from "@/server/processes/processes.service";
import { seedExampleProcesses } from "@/server/processes/seed";
import { listEscalations, resolveEscalation } from "@/server/escalations/escalations.service";
import { getRun, startRun } from "@/server/runs/runs.service";
import type { RunView } from "@/server/runs/runs.schema";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, TEST_AUTH_SECRET, waitFor, type RuntimeHarness } from "./testing/runtime-harness";

const inputs: Record<keyof typeof exampleGraphs, unknown> = {
  "support-triage": {
    ticket: { id: "T-1", subject: "Refund for a double charge", body: "I was charged twice for my billing plan this month, please fix the invoice.", customerEmail: "a@b.co", plan: "pro" },
  },
  "invoice-reconciliation": { vendorId: "VEN-1", invoiceText: "Invoice INV-7 for PO-77: 3 widgets, total 120.00 EUR" },
  "orchestrated-task": { requestId: "REQ-1", request: "Compare our churn with the market and write a summary", requester: "ops@acme.test", priority: "normal" },
};

/** Every model call is recorded with its model, tokens, cost and latency; totals add up. */
function expectRecorded(run: RunView) {
  const llm = run.steps.filter((s) => s.kind === "llm");
  expect(llm.length).toBeGreaterThan(0);
  for (const s of llm.filter((s) => s.status === "succeeded")) {
    expect(s.model).toMatch(/^sim\//);
    expect(s.provider).toBe("sim");
    expect(s.inputTokens).toBeGreaterThan(0);
    expect(s.outputTokens).toBeGreaterThan(0);
    expect(s.costUsd).toBeGreaterThan(0);
    expect(s.latencyMs).toBeGreaterThan(0);
  }
  expect(run.totals.costUsd).toBeCloseTo(run.steps.reduce((sum, s) => sum + s.costUsd, 0), 10);
  expect(run.totals.tokens).toBe(run.steps.reduce((sum, s) => sum + s.inputTokens + s.outputTokens, 0));
}

describeEachDatabase("seeded example processes", (get) => {
  let h: RuntimeHarness;
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("are seeded and published once (seeding again changes nothing)", async () => {
    const again = await seedExampleProcesses(h.db, { masterKey: TEST_AUTH_SECRET });
    expect(again.prices).toBe(0);
    expect(again.processes.map((p) => p.status)).toEqual(["exists", "exists", "exists"]);
    const list = await listProcesses(h.db);
    expect(list.filter((p) => p.slug in exampleGraphs).map((p) => p.latestVersion)).toEqual([1, 1, 1]);
  });

  it("a restart does not publish an operator's unpublished draft edits", async () => {
    const slug = "support-triage";
    const proc = await h.db.process.findUniqueOrThrow({ where: { slug } });
    const draft = structuredClone(proc.draft) as { name: string };
    await h.db.process.update({ where: { slug }, data: { draft: { ...draft, name: "Edited, not published" } } });
    const again = await seedExampleProcesses(h.db, { masterKey: TEST_AUTH_SECRET });
    expect(again.processes.find((p) => p.slug === slug)?.status).toBe("exists");
    expect(await h.db.processVersion.count({ where: { processId: proc.id } })).toBe(1);
    await h.db.process.update({ where: { slug }, data: { draft: proc.draft ?? {} } });
  });

  for (const slug of Object.keys(exampleGraphs) as Array<keyof typeof exampleGraphs>) {
    it(`${slug} runs to completion through the engine (resolving any escalation)`, async () => {
      const { runId } = await startRun(h.db, { slug, input: inputs[slug], trigger: "api" }, h.deps);
      let run: RunView | undefined;
      for (let round = 0; round < 5; round++) {
        run = await waitFor(async () => {
          const r = await getRun(h.db, { runId });
          return ["completed", "failed", "waiting"].includes(r.status) ? r : undefined;
        }, `${slug} run`);
        if (run.status !== "waiting") break;
        const esc = await waitFor(async () => (await listEscalations(h.db, { status: "open", runId }))[0], "escalation");
        const decision = esc.allowedDecisions.find((d) => d.type === "approve") ?? esc.allowedDecisions.find((d) => d.type === "custom")!;
        await resolveEscalation(h.db, { id: esc.id, decision: decision.id, actor: { role: "admin", label: "seed-test" } }, h.deps);
        await waitFor(async () => (await getRun(h.db, { runId })).status !== "waiting", "resume");
      }
      expect(run!.error).toBeNull();
      expect(run!.status).toBe("completed");
      expect(run!.output).toBeTruthy();
      expectRecorded(run!);
    });
  }
});
