/**
 * A human step's SLA with `escalateTo`, through the real engine: after `after` the escalation moves
 * to the other role (the holder lets go, the audit says so), the run still takes a decision from
 * that role, and when nobody decides at all the timeout edge runs as before.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ProcessGraph } from "@/core";
import { getRun, startRun } from "@/server/runs/runs.service";
import { describeEachDatabase } from "@/server/testing/databases";
import { startRuntimeHarness, waitFor, type RuntimeHarness } from "@/server/runtime/testing/runtime-harness";
import { humanProcess, publishGraph } from "@/server/runtime/testing/graphs";
import { getEscalation, listEscalations, resolveEscalation } from "./escalations.service";
import { claimEscalation } from "./claims.service";
import { listAudit } from "./audit.service";

const withEscalateTo = (slug: string, timeout: string, after: string): ProcessGraph => {
  const g = humanProcess(slug, timeout);
  return { ...g, nodes: g.nodes.map((n) => (n.kind === "human" ? { ...n, escalateTo: { role: "operator" as const, after } } : n)) };
};

describeEachDatabase("SLA escalation to another role", (get) => {
  let h: RuntimeHarness;
  beforeAll(async () => {
    h = await startRuntimeHarness({ database: get(), seed: false });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const settle = (runId: string) =>
    waitFor(async () => {
      const run = await getRun(h.db, { runId });
      return ["completed", "failed", "cancelled"].includes(run.status) ? run : undefined;
    }, `run ${runId} to finish`);
  const openEscalation = (runId: string) => waitFor(async () => (await listEscalations(h.db, { status: "open", runId }))[0], `open escalation of ${runId}`);

  it("after `after` the escalation needs the other role, the claim is dropped, and that role's decision continues the run", async () => {
    await publishGraph(h.db, withEscalateTo("sla-escalate", "60s", "1s"));
    const { runId } = await startRun(h.db, { slug: "sla-escalate", input: { q: "q" }, trigger: "api" }, h.deps);
    const esc = await openEscalation(runId);
    expect(esc.role).toBe("reviewer");
    const rita = { role: "reviewer" as const, label: "rita@example.com", userId: "u-rita" };
    await claimEscalation(h.db, { id: esc.id, actor: rita, ttlMs: 60 * 60_000 });

    const moved = await waitFor(async () => {
      const e = await getEscalation(h.db, { id: esc.id });
      return e.role === "operator" ? e : undefined;
    }, "the escalation to move to operator");
    expect(moved).toMatchObject({ status: "open", claimedBy: null });
    const trail = await listAudit(h.db, { id: esc.id });
    expect(trail.map((e) => e.action)).toEqual(["claimed", "sla_escalated"]);
    expect(trail[1]).toMatchObject({ actor: "system", before: { role: "reviewer", holder: "rita@example.com" }, after: { role: "operator", holder: null, after: "1s" } });

    await expect(resolveEscalation(h.db, { id: esc.id, decision: "approve", actor: rita }, h.deps)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await resolveEscalation(h.db, { id: esc.id, decision: "approve", actor: { role: "operator", label: "otto@example.com", userId: "u-otto" } }, h.deps);
    const run = await settle(runId);
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ decision: "approve" });
  });

  it("when nobody decides, the escalation is escalated first and then the timeout edge runs; both are audited", async () => {
    await publishGraph(h.db, withEscalateTo("sla-breach", "3s", "1s"));
    const { runId } = await startRun(h.db, { slug: "sla-breach", input: { q: "q" }, trigger: "api" }, h.deps);
    const esc = await openEscalation(runId);
    const run = await settle(runId);
    expect(run.output).toEqual({ status: "late" });
    const after = await getEscalation(h.db, { id: esc.id });
    expect(after).toMatchObject({ status: "timed_out", role: "operator" });
    expect((await listAudit(h.db, { id: esc.id })).map((e) => [e.action, e.actor])).toEqual([
      ["sla_escalated", "system"],
      ["sla_breached", "system"],
    ]);
  });
});
