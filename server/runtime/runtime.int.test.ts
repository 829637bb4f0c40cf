import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRun, startRun, cancelRun, rerunFromNode } from "@/server/runs/runs.service";
import { listEscalations, resolveEscalation } from "@/server/escalations/escalations.service";
import { importProcess, publishProcess } from "@/server/processes/processes.service";
import { setSecret } from "@/server/settings/settings.service";
import type { RunView } from "@/server/runs/runs.schema";
import { BatonEvents } from "@/core";
import type { EventSender } from "./events";
import { startRuntimeHarness, TEST_AUTH_SECRET, waitFor, type RuntimeHarness } from "./testing/runtime-harness";
import { humanProcess, loopProcess, parallelProcess, publishGraph, toolGraph, twoStepGraph } from "./testing/graphs";

let h: RuntimeHarness;
let tool: Server;
let toolUrl = "";
const toolCalls: Array<{ url: string; auth: string | undefined; body: string }> = [];

beforeAll(async () => {
  h = await startRuntimeHarness();
  tool = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      toolCalls.push({ url: req.url ?? "", auth: req.headers.authorization, body });
      res.setHeader("content-type", "application/json");
      // /lookup/bad answers with a count that is not an integer: a contract mismatch.
      res.end(JSON.stringify(req.url?.endsWith("/bad") ? { status: "ok", count: "many" } : { status: "ok", count: 3 }));
    });
  });
  await new Promise<void>((r) => tool.listen(0, "127.0.0.1", () => r()));
  toolUrl = `http://127.0.0.1:${(tool.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h?.close();
  tool?.closeAllConnections();
  await new Promise((r) => tool?.close(r));
});

const settle = (runId: string, statuses = ["completed", "failed", "cancelled"]) =>
  waitFor(async () => {
    const run = await getRun(h.db, { runId });
    return statuses.includes(run.status) ? run : undefined;
  }, `run ${runId} to reach ${statuses.join("/")}`);

const start = (slug: string, input: unknown, idempotencyKey?: string) => startRun(h.db, { slug, input, trigger: "api", idempotencyKey }, h.deps);

const openEscalation = (runId: string) =>
  waitFor(async () => (await listEscalations(h.db, { status: "open", runId }))[0], `open escalation of ${runId}`);

const calls = (run: RunView, nodeId: string) => run.steps.filter((s) => s.nodeId === nodeId);

/** The engine's own status of a run (Completed, Failed, Cancelled, …). */
const engineStatus = async (runId: string) => {
  const row = await h.db.run.findUniqueOrThrow({ where: { publicId: runId } });
  return row.engineRunId ? (await h.engine.engine.getRun(row.engineRunId))?.status : undefined;
};
const engineSettled = (runId: string, status: string) => waitFor(async () => (await engineStatus(runId)) === status, `engine run of ${runId} to be ${status}`);

describe("execution semantics through the engine", () => {
  it("an HTTP tool gets the decrypted secret and a contract mismatch fails the step with what differed", async () => {
    await setSecret(h.db, { name: "LOOKUP_TOKEN", value: "s3cret-value", allowedUrls: [`${toolUrl}/lookup/`] }, { masterKey: TEST_AUTH_SECRET });
    await publishGraph(h.db, toolGraph("tool-contract", toolUrl, "LOOKUP_TOKEN"));

    const ok = await settle((await start("tool-contract", { id: "good" })).runId);
    expect(ok.status).toBe("completed");
    expect(ok.output).toEqual({ status: "ok" });
    expect(toolCalls.at(-1)).toMatchObject({ url: "/lookup/good", auth: "Bearer s3cret-value" });
    // The record keeps the header template, never the secret.
    expect(JSON.stringify(ok.steps)).not.toContain("s3cret-value");

    const bad = await settle((await start("tool-contract", { id: "bad" })).runId);
    expect(bad.status).toBe("failed");
    expect(bad.error).toMatchObject({ code: "contract-mismatch", nodeId: "call" });
    expect((bad.error as { issues: Array<{ path: string }> }).issues[0]!.path).toBe("count");
    // No error edge: the process fails, its record says what differed, and the engine run fails too.
    expect((bad.error as { message: string }).message).toMatch(/count/);
    expect(calls(bad, "call")).toEqual([
      expect.objectContaining({ status: "failed", output: { status: "ok", count: "many" }, error: expect.objectContaining({ code: "contract-mismatch", message: expect.stringContaining("count") }) }),
    ]);
    await engineSettled(bad.id, "Failed");
  });

  it("a secret goes only where an admin bound it: refused at publish and again at call time, without retries", async () => {
    await setSecret(h.db, { name: "BOUND_TOKEN", value: "bound-secret-value", allowedUrls: [`${toolUrl}/lookup/`] }, { masterKey: TEST_AUTH_SECRET });
    // An editor points the tool at another path (their own server, in the attack): not publishable.
    const exfil = toolGraph("tool-exfil", toolUrl, "BOUND_TOKEN");
    const call = exfil.nodes.find((n) => n.id === "call")!;
    if (call.kind === "tool") call.contract.url = `${toolUrl}/steal/{{ input.id }}`;
    const { diagnostics } = await importProcess(h.db, { graph: exfil });
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: "secret-url-not-allowed", nodeId: "call" }));
    const refused = await publishProcess(h.db, { slug: "tool-exfil" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "BAD_REQUEST", details: { diagnostics: expect.arrayContaining([expect.objectContaining({ code: "secret-url-not-allowed" })]) } });

    // Published while allowed, then the admin narrows the binding: the call itself is refused.
    const graph = toolGraph("tool-rebound", toolUrl, "BOUND_TOKEN");
    const node = graph.nodes.find((n) => n.id === "call")!;
    node.policy = { retries: 2 };
    await publishGraph(h.db, graph);
    await setSecret(h.db, { name: "BOUND_TOKEN", value: "bound-secret-value", allowedUrls: ["https://elsewhere.example/"] }, { masterKey: TEST_AUTH_SECRET });
    const before = toolCalls.length;
    const run = await settle((await start("tool-rebound", { id: "good" })).runId);
    expect(run.status).toBe("failed");
    expect(toolCalls.length).toBe(before); // nothing reached the server
    const attempts = calls(run, "call");
    expect(attempts).toHaveLength(1); // not retried: it would be refused again
    expect(attempts[0]).toMatchObject({ status: "failed", error: expect.objectContaining({ message: expect.stringContaining('Secret "BOUND_TOKEN" may not be sent to') }) });
    expect((run.error as { message: string }).message).toContain("refused");
    expect(JSON.stringify(run)).not.toContain("bound-secret-value");
  });

  it("an LLM output that breaks its contract gets one repair attempt, recorded as attempt 2", async () => {
    await publishGraph(h.db, twoStepGraph("repair-once"));
    const run = await settle((await start("repair-once", { q: "invoice 42 __simulate: malformed_output@light-1*1" })).runId);
    expect(run.status).toBe("completed");
    const first = calls(run, "first");
    expect(first.map((s) => [s.attempt, s.status])).toEqual([
      [1, "failed"],
      [2, "succeeded"],
    ]);
    expect(first[1]!.detail).toMatchObject({ repair: true });
    expect(first[0]!.costUsd).toBeGreaterThan(0); // malformed output is still billed
  });

  it("a repair that fails again is a contract mismatch", async () => {
    const run = await settle((await start("repair-once", { q: "invoice 43 __simulate: malformed_output@light-1*2" })).runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ code: "contract-mismatch", nodeId: "first" });
    expect(calls(run, "first")).toHaveLength(2);
  });

  it("a provider error falls back along the chain, one record per attempt", async () => {
    const g = twoStepGraph("fallback-chain");
    g.nodes = g.nodes.map((n) => (n.id === "first" && n.kind === "llm" ? { ...n, fallbacks: [{ tier: "strong" as const }] } : n));
    await publishGraph(h.db, g);
    const run = await settle((await start("fallback-chain", { q: "x __simulate: rate_limit@light-1" })).runId);
    expect(run.status).toBe("completed");
    expect(calls(run, "first").map((s) => [s.attempt, s.model, s.status])).toEqual([
      [1, "sim/light-1", "failed"],
      [2, "sim/strong-1", "succeeded"],
    ]);
    expect(calls(run, "first")[0]!.error).toMatchObject({ code: "rate_limit" });
  });

  it("a provider that always errors, with no fallback and no error edge, fails the run and the engine run", async () => {
    await publishGraph(h.db, twoStepGraph("always-down"));
    const { runId } = await start("always-down", { q: "x __simulate: rate_limit@light-1" });
    const run = await settle(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ code: "step-failed", nodeId: "first", stepId: "first" });
    expect((run.error as { message: string }).message).toMatch(/First.*failed/);
    const first = calls(run, "first");
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ status: "failed", model: "sim/light-1", error: { code: "rate_limit" } });
    expect(calls(run, "second")).toHaveLength(0);
    expect(run.output).toBeNull();
    expect(run.endedAt).toBeInstanceOf(Date);
    expect(run.totals.durationMs).toBe(run.endedAt!.getTime() - run.startedAt!.getTime());
    await engineSettled(runId, "Failed");
    // onFailure ran too, and left the recorded outcome alone.
    expect((await getRun(h.db, { runId })).error).toEqual(run.error);
  });

  it("an unexpected error (not a process outcome) fails the run through onFailure and closes what it left open", async () => {
    // A short SLA: the failed request step surfaces once the wait issued with it ends (the engine
    // re-runs the handler when the parallel group settles, as Inngest does).
    const g = humanProcess("crash-me", "1s");
    await publishGraph(h.db, { ...g, settings: { ...g.settings, retries: 0 } });
    const original = h.deps.events;
    // Delivering the escalation fails inside its step: nothing in the process handles that.
    const failing: EventSender = {
      async send(events) {
        const list = Array.isArray(events) ? events : [events];
        if (list.some((e) => e.name === BatonEvents.escalationRequested)) throw new Error("event bus unavailable (injected)");
        return original.send(events);
      },
    };
    h.deps.events = failing;
    try {
      const { runId } = await start("crash-me", { q: "q" });
      const run = await settle(runId);
      expect(run.status).toBe("failed");
      expect(run.error).toMatchObject({ code: "internal", message: expect.stringContaining("event bus unavailable (injected)") });
      expect(run.endedAt).toBeInstanceOf(Date);
      expect(run.totals.durationMs).toEqual(expect.any(Number));
      // The human step was left waiting: it now says why it will never finish; its escalation is closed.
      expect(calls(run, "review")).toEqual([expect.objectContaining({ kind: "human", status: "failed", error: run.error })]);
      expect(run.escalations).toEqual([expect.objectContaining({ status: "cancelled" })]);
      expect(await listEscalations(h.db, { status: "open", runId })).toHaveLength(0);
      await engineSettled(runId, "Failed");
    } finally {
      h.deps.events = original;
    }
  });

  it("a budget breach fails the run before the model is called", async () => {
    await publishGraph(h.db, twoStepGraph("tiny-budget", { budget: { perRunUsd: 0.0000001, onBreach: "fail" } }));
    const run = await settle((await start("tiny-budget", { q: "hello" })).runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ code: "budget-exceeded", nodeId: "first" });
    expect(run.steps.filter((s) => s.kind === "llm")).toHaveLength(0);
  });

  it("a loop stops at its cap", async () => {
    await publishGraph(h.db, loopProcess("loop-cap"));
    const run = await settle((await start("loop-cap", { topic: "t" })).runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ code: "loop-exhausted", nodeId: "repeat" });
    expect(calls(run, "work").map((s) => s.stepId)).toEqual(["work#1", "work#2", "work#3"]);
  });

  it("parallel branches both run and meet at the join", async () => {
    await publishGraph(h.db, parallelProcess("fan-out"));
    const run = await settle((await start("fan-out", {})).runId);
    expect(run.status).toBe("completed");
    expect(calls(run, "left")).toHaveLength(1);
    expect(calls(run, "right")).toHaveLength(1);
    expect(typeof (run.output as { left: unknown }).left).toBe("string");
  });
});

describe("escalations", () => {
  const reviewer = { role: "reviewer" as const, label: "rita@example.com" };

  it("approve resumes the run on the approve branch and records who decided", async () => {
    await publishGraph(h.db, humanProcess("human-approve"));
    const { runId } = await start("human-approve", { q: "refund?" });
    const esc = await openEscalation(runId);
    expect(esc).toMatchObject({ nodeId: "review", role: "reviewer", status: "open" });
    expect(esc.allowedDecisions.map((d) => d.id)).toEqual(["approve", "edit", "reject"]);
    expect((esc.context as { input: unknown }).input).toEqual({ q: "refund?" });
    expect(esc.proposedOutput).toHaveProperty("text");
    expect(esc.dueAt).toBeInstanceOf(Date);
    const waiting = await getRun(h.db, { runId });
    expect(waiting.status).toBe("waiting");
    expect(waiting.endedAt).toBeNull();
    expect(waiting.totals.durationMs).toBeNull();

    const resolved = await resolveEscalation(h.db, { id: esc.id, decision: "approve", actor: reviewer }, h.deps);
    expect(resolved).toMatchObject({ status: "resolved", decision: "approve", resolvedBy: "rita@example.com" });
    const run = await settle(runId);
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ decision: "approve", text: (esc.proposedOutput as { text: string }).text });
    expect(calls(run, "review")[0]).toMatchObject({ kind: "human", status: "succeeded" });
    expect(run.totals.durationMs).toBe(run.endedAt!.getTime() - run.startedAt!.getTime());
    expect(run.totals.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("edit is validated against the step contract (field paths), then replaces the output", async () => {
    await publishGraph(h.db, humanProcess("human-edit"));
    const { runId } = await start("human-edit", { q: "q" });
    const esc = await openEscalation(runId);
    await expect(resolveEscalation(h.db, { id: esc.id, decision: "edit", output: { text: 5 }, actor: reviewer }, h.deps)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { fieldErrors: { "output.text": [expect.any(String)] } },
    });
    await expect(resolveEscalation(h.db, { id: esc.id, decision: "escalate-to-ceo", actor: reviewer }, h.deps)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await resolveEscalation(h.db, { id: esc.id, decision: "edit", output: { text: "Corrected" }, comment: "tone", actor: reviewer }, h.deps);
    const run = await settle(runId);
    expect(run.output).toEqual({ text: "Corrected", decision: "edit" });
  });

  it("reject takes the reject branch; a role below the escalation's is refused", async () => {
    const g = humanProcess("human-reject");
    g.nodes = g.nodes.map((n) => (n.kind === "human" ? { ...n, role: "operator" as const } : n));
    await publishGraph(h.db, g);
    const { runId } = await start("human-reject", { q: "q" });
    const esc = await openEscalation(runId);
    await expect(resolveEscalation(h.db, { id: esc.id, decision: "reject", actor: reviewer }, h.deps)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await resolveEscalation(h.db, { id: esc.id, decision: "reject", actor: { role: "operator", label: "otto" } }, h.deps);
    const run = await settle(runId);
    expect(run.output).toEqual({ status: "rejected" });
    await expect(resolveEscalation(h.db, { id: esc.id, decision: "approve", actor: { role: "admin", label: "a" } }, h.deps)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("timeout marks the escalation timed_out and follows the timeout edge", async () => {
    await publishGraph(h.db, humanProcess("human-timeout", "1s"));
    const { runId } = await start("human-timeout", { q: "q" });
    const run = await settle(runId);
    expect(run.output).toEqual({ status: "late" });
    expect(run.escalations[0]).toMatchObject({ status: "timed_out" });
  });
});

describe("runs", () => {
  it("rerun from a node reuses the earlier steps' results without executing them", async () => {
    await publishGraph(h.db, twoStepGraph("rerun-me"));
    const first = await settle((await start("rerun-me", { q: "abc" })).runId);
    expect(first.status).toBe("completed");
    const { runId } = await rerunFromNode(h.db, { runId: first.id, fromNodeId: "second" }, h.deps);
    const rerun = await settle(runId);
    expect(rerun.status).toBe("completed");
    expect(rerun.rerunOf).toBe(first.id);
    expect(rerun.rerunFromNodeId).toBe("second");
    // Not executed again: the rerun has no record of its own for "first"…
    const rerunRow = await h.db.run.findUniqueOrThrow({ where: { publicId: runId } });
    expect(await h.db.stepRecord.count({ where: { runId: rerunRow.id, nodeId: "first" } })).toBe(0);
    // …but its view shows the source's record, marked reused, first in the trace.
    const original = calls(first, "first")[0]!;
    expect(rerun.steps.map((s) => [s.nodeId, s.reused, s.reusedFromRunId])).toEqual([
      ["first", true, first.id],
      ["second", false, null],
    ]);
    expect(calls(rerun, "first")[0]).toEqual({ ...original, reused: true, reusedFromRunId: first.id });
    expect(first.steps.every((s) => !s.reused && s.reusedFromRunId === null)).toBe(true);
    expect(first.totals.reusedCostUsd).toBe(0);
    // Totals are what this run cost; what the reused steps cost back then is separate.
    expect(rerun.totals.costUsd).toBeCloseTo(calls(rerun, "second")[0]!.costUsd, 10);
    expect(rerun.totals.costUsd).toBeCloseTo(rerun.steps.filter((s) => !s.reused).reduce((sum, s) => sum + s.costUsd, 0), 10);
    expect(rerun.totals.tokens).toBe(calls(rerun, "second")[0]!.inputTokens + calls(rerun, "second")[0]!.outputTokens);
    expect(rerun.totals.reusedCostUsd).toBeCloseTo(original.costUsd, 10);
    expect(rerun.totals.reusedCostUsd).toBeGreaterThan(0);

    // A rerun of the rerun: each reused record comes from the run that executed it.
    const again = await settle((await rerunFromNode(h.db, { runId, fromNodeId: "done" }, h.deps)).runId);
    expect(again.status).toBe("completed");
    expect(again.output).toEqual(rerun.output);
    expect(again.steps.map((s) => [s.nodeId, s.reused, s.reusedFromRunId])).toEqual([
      ["first", true, first.id],
      ["second", true, runId],
    ]);
    expect(again.totals.costUsd).toBe(0);
    expect(again.totals.reusedCostUsd).toBeCloseTo(original.costUsd + calls(rerun, "second")[0]!.costUsd, 10);
    await expect(rerunFromNode(h.db, { runId: first.id, fromNodeId: "nope" }, h.deps)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a rerun takes an edited input, checked against the pinned version's contract the run view exposes", async () => {
    await publishGraph(h.db, twoStepGraph("rerun-edited"));
    const first = await settle((await start("rerun-edited", { q: "abc" })).runId);
    // The UI builds its rerun form from this: the trigger contract of the run's own version.
    expect(first.inputSchema).toMatchObject({ type: "object", properties: { q: { type: "string" } } });
    await expect(rerunFromNode(h.db, { runId: first.id, fromNodeId: "second", input: { q: 42 } }, h.deps)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { fieldErrors: { "input.q": [expect.any(String)] }, issues: [{ path: "q", expected: "string", received: "integer" }] },
    });
    const rerun = await settle((await rerunFromNode(h.db, { runId: first.id, fromNodeId: "second", input: { q: "edited" } }, h.deps)).runId);
    expect(rerun.status).toBe("completed");
    expect(rerun.input).toEqual({ q: "edited" });
    expect(rerun.inputSchema).toEqual(first.inputSchema);
  });

  it("pins a run to its version: a run waiting on a human finishes on v1 while new runs use v2", async () => {
    const v1 = await publishGraph(h.db, humanProcess("pinned"));
    const waiting = await start("pinned", { q: "one" });
    const esc = await openEscalation(waiting.runId);

    const g2 = humanProcess("pinned");
    g2.nodes = g2.nodes.map((n) => (n.id === "draft" && n.kind === "llm" ? { ...n, prompt: "Answer briefly: {{ input.q }}" } : n));
    await importProcess(h.db, { graph: g2 });
    const published = await publishProcess(h.db, { slug: "pinned" });
    expect(published).toMatchObject({ status: "published", resynced: true });
    expect(published.version.version).toBe(v1 + 1);
    expect(await publishProcess(h.db, { slug: "pinned" })).toMatchObject({ status: "unchanged" });

    const fresh = await start("pinned", { q: "two" });
    expect(fresh.version).toBe(v1 + 1);
    await resolveEscalation(h.db, { id: esc.id, decision: "approve", actor: { role: "admin", label: "a" } }, h.deps);
    const old = await settle(waiting.runId);
    expect(old).toMatchObject({ status: "completed", version: v1 });
    const engineRuns = await h.engine.engine.listRuns({ limit: 1000 });
    const fnOf = (engineRunId: string | undefined) => engineRuns.find((r) => r.id === engineRunId)?.functionId;
    const oldRow = await h.db.run.findUniqueOrThrow({ where: { publicId: waiting.runId } });
    expect(fnOf(oldRow.engineRunId ?? undefined)).toContain(`pinned-v${v1}`);
    await openEscalation(fresh.runId);
    const freshRow = await h.db.run.findUniqueOrThrow({ where: { publicId: fresh.runId } });
    expect(fnOf(freshRow.engineRunId ?? undefined) ?? (await h.engine.engine.listRuns({ limit: 1000 })).find((r) => r.id === freshRow.engineRunId)?.functionId).toContain(`pinned-v${v1 + 1}`);
  });

  it("cancel stops a waiting run in the engine and closes its escalation", async () => {
    await publishGraph(h.db, humanProcess("cancel-me"));
    const { runId } = await start("cancel-me", { q: "q" });
    await openEscalation(runId);
    const cancelled = await cancelRun(h.db, { runId }, h.deps);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.escalations[0]).toMatchObject({ status: "cancelled" });
    const row = await h.db.run.findUniqueOrThrow({ where: { publicId: runId } });
    await waitFor(async () => (await h.engine.engine.getRun(row.engineRunId!))?.status === "Cancelled", "engine run cancelled");
    await expect(cancelRun(h.db, { runId }, h.deps)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("bad input is refused with field errors; the same idempotency key returns the same run", async () => {
    await expect(start("rerun-me", { q: 42 })).rejects.toMatchObject({ code: "BAD_REQUEST", details: { fieldErrors: { "input.q": [expect.any(String)] } } });
    const a = await start("rerun-me", { q: "same" }, "key-1");
    const b = await start("rerun-me", { q: "same" }, "key-1");
    expect(b).toMatchObject({ runId: a.runId, created: false });
    await settle(a.runId);
  });
});

describe("subprocesses", () => {
  it("a subprocess step invokes the child process as its own pinned run and uses its output", async () => {
    await publishGraph(h.db, twoStepGraph("child-proc"));
    const parent = twoStepGraph("parent-proc");
    parent.nodes = parent.nodes.map((n) =>
      n.id === "second"
        ? { id: "second", kind: "subprocess" as const, name: "Child", process: "child-proc", input: { q: "{{ steps.first.output.text }}" }, outputSchema: { type: "object" as const, required: ["text"], properties: { text: { type: "string" as const } } } }
        : n,
    );
    await publishGraph(h.db, parent);
    const run = await settle((await start("parent-proc", { q: "nested" })).runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("completed");
    const child = await h.db.run.findFirstOrThrow({ where: { trigger: "subprocess", process: { slug: "child-proc" } } });
    expect(child.status).toBe("completed");
    expect(run.output).toEqual({ text: (child.output as { text: string }).text });
  });
});
