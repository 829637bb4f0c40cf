/**
 * The crash soak's invariants, checked on the database once the host is quiet (bench/README.md,
 * "Crash soak"). After each SIGKILL, before the restart, the soak snapshots every succeeded step
 * record. A step counts as *completed* at that kill when its result was also durable in the
 * engine: the memo row (engine_steps, id = sha1 of the SDK step id, kept in the record's
 * detail.portStepId) was committed. A completed step must never run again: its (run, step) keeps
 * exactly that record, unchanged (same row, attempt, startedAt, endedAt). A step whose record says
 * succeeded but whose memo was not yet durable was interrupted in flight (the documented
 * at-least-once window, docs/runtime.md): it may run again, and is counted, not flagged.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/server/db/client";

/** `${runDbId}|${stepId}` → the succeeded record as it was at the kill, and whether its memo was durable. */
export type CompletedSnapshot = Map<string, { id: string; attempt: number; startedAt: number; endedAt: number | null; durable: boolean; port?: string }>;

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

export async function snapshotCompleted(db: Db): Promise<CompletedSnapshot> {
  const rows = await db.stepRecord.findMany({
    where: { status: "succeeded" },
    select: { id: true, runId: true, stepId: true, attempt: true, startedAt: true, endedAt: true, detail: true, run: { select: { engineRunId: true } } },
  });
  const memos = new Set((await db.engineStep.findMany({ select: { runId: true, stepId: true } })).map((m) => `${m.runId}|${m.stepId}`));
  return new Map(rows.map((r) => {
    const port = (r.detail as { portStepId?: string } | null)?.portStepId;
    // Human records carry no SDK step id: their succeeded state is written by the resolve
    // transaction itself (server/escalations), so it is durable once committed.
    const durable = port === undefined ? true : !!r.run.engineRunId && memos.has(`${r.run.engineRunId}|${sha1(port)}`);
    return [`${r.runId}|${r.stepId}`, { id: r.id, attempt: r.attempt, startedAt: r.startedAt.getTime(), endedAt: r.endedAt?.getTime() ?? null, durable, port }];
  }));
}

interface Inputs {
  starts: Array<{ key: string; runIds: Set<string> }>;
  sentDecisions: Map<string, { decision: string; outcome?: number }>;
  snapshots: CompletedSnapshot[];
}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export async function checkInvariants(db: Db, { starts, sentDecisions, snapshots }: Inputs) {
  const violations: string[] = [];
  const runs = await db.run.findMany({ select: { id: true, publicId: true, status: true, idempotencyKey: true, output: true } });
  const records = await db.stepRecord.findMany({ select: { id: true, runId: true, nodeId: true, stepId: true, attempt: true, status: true, startedAt: true, endedAt: true } });
  const escalations = await db.escalation.findMany({ select: { publicId: true, runId: true, nodeId: true, status: true, decision: true } });
  const byRun = new Map<string, typeof records>();
  for (const r of records) byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), r]);

  // 1. Every run terminal.
  const statuses: Record<string, number> = {};
  for (const r of runs) {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (!TERMINAL.has(r.status)) violations.push(`run ${r.publicId} is ${r.status}`);
  }

  // 2. No run duplicated: one run per idempotency key in the database, and one run id per key in the answers.
  const perKey = new Map<string, number>();
  for (const r of runs) if (r.idempotencyKey) perKey.set(r.idempotencyKey, (perKey.get(r.idempotencyKey) ?? 0) + 1);
  for (const [k, n] of perKey) if (n > 1) violations.push(`idempotency key ${k} has ${n} runs`);
  for (const s of starts) {
    if (s.runIds.size !== 1) violations.push(`key ${s.key} was answered with ${s.runIds.size} run ids: ${[...s.runIds].join(", ")}`);
    if (!perKey.has(s.key)) violations.push(`key ${s.key} has no run`);
  }
  if (runs.length !== starts.length) violations.push(`${runs.length} runs for ${starts.length} keys`);

  // 3. Every recorded decision is the branch taken, and it is the decision we sent.
  const runById = new Map(runs.map((r) => [r.id, r]));
  const decisions: Record<string, number> = {};
  for (const e of escalations) {
    if (e.status !== "resolved") continue;
    decisions[`${e.nodeId}:${e.decision}`] = (decisions[`${e.nodeId}:${e.decision}`] ?? 0) + 1;
    const sent = sentDecisions.get(e.publicId);
    if (sent && sent.decision !== e.decision) violations.push(`escalation ${e.publicId}: sent ${sent.decision}, recorded ${e.decision}`);
    const run = runById.get(e.runId)!;
    const steps = byRun.get(e.runId) ?? [];
    const out = (run.output ?? {}) as { status?: string };
    const has = (node: string) => steps.some((s) => s.nodeId === node && s.status === "succeeded");
    const escalatedLater = escalations.some((x) => x.runId === e.runId && x.nodeId === "escalate");
    let ok: boolean;
    if (e.nodeId === "escalate") ok = e.decision === "handled" && out.status === "escalated" && run.status === "completed";
    else if (e.decision === "approve" || e.decision === "edit") ok = has("send-reply") && !escalatedLater && out.status === "replied";
    else if (e.decision === "reject") ok = !has("send-reply") && escalatedLater;
    else ok = false;
    if (!ok) violations.push(`escalation ${e.publicId} (${e.nodeId}: ${e.decision}) but run ${run.publicId} is ${run.status} with output ${JSON.stringify(run.output)} and steps ${steps.map((s) => `${s.nodeId}:${s.status}`).join(",")}`);
  }

  // 4. No completed step ran again; at most one succeeded record per (run, step) in any case.
  let interruptedRepeats = 0;
  const succeededPer = new Map<string, number>();
  for (const r of records) {
    const k = `${r.runId}|${r.stepId}`;
    if (r.status === "succeeded") succeededPer.set(k, (succeededPer.get(k) ?? 0) + 1);
  }
  for (const [k, n] of succeededPer) if (n > 1) violations.push(`${k} has ${n} succeeded records`);
  const recordsPer = new Map<string, typeof records>();
  for (const r of records) recordsPer.set(`${r.runId}|${r.stepId}`, [...(recordsPer.get(`${r.runId}|${r.stepId}`) ?? []), r]);
  const checked = new Set<string>();
  const windowReruns = new Set<string>();
  let recordedNotDurable = 0;
  const notDurableSample: string[] = [];
  for (const snap of snapshots) {
    for (const [k, was] of snap) {
      if (checked.has(k)) continue;
      const now = recordsPer.get(k) ?? [];
      const same = now.length === 1 && now[0]!.id === was.id && now[0]!.attempt === was.attempt && now[0]!.startedAt.getTime() === was.startedAt && (now[0]!.endedAt?.getTime() ?? null) === was.endedAt;
      if (!was.durable) {
        // Recorded but not yet memoised at this kill: in flight. It may run again (once per kill).
        recordedNotDurable++;
        if (notDurableSample.length < 8) notDurableSample.push(`${k} (${was.port ?? "no portStepId"})`);
        if (!same) windowReruns.add(k);
        continue;
      }
      checked.add(k);
      if (!same) violations.push(`completed step ${k} ran again after a kill: was attempt ${was.attempt} started ${was.startedAt}, now ${now.map((r) => `${r.attempt}/${r.status}/${r.startedAt.getTime()}`).join(",")}`);
    }
  }
  // Steps that have more than one attempt record but were not completed at any kill: interrupted ones.
  for (const [k, rs] of recordsPer) if (rs.length > 1 && !checked.has(k)) interruptedRepeats++;

  return {
    runs: runs.length,
    statuses,
    stepRecords: records.length,
    escalations: escalations.length,
    decisions,
    completedStepsChecked: checked.size,
    succeededButNotDurableAtAKill: recordedNotDurable,
    rerunInDurabilityWindow: windowReruns.size,
    notDurableSample,
    multiAttemptStepsNotCompletedAtAKill: interruptedRepeats,
    violations: violations.slice(0, 50),
    violationCount: violations.length,
  };
}
