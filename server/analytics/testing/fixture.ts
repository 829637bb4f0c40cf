import type { Db } from "@/server/db/client";
import { rebuildRollups } from "../rollup-rebuild";

/**
 * A deterministic analytics dataset inserted straight into the tables (the runtime's own writers
 * are exercised by the runtime tests), plus the rows as plain objects so tests compute the expected
 * figures independently of the SQL under test.
 */
export interface FxRun {
  id: string;
  processId: string;
  version: number;
  status: string;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  costUsd: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}
export interface FxStep {
  runId: string;
  nodeId: string;
  stepId: string;
  kind: string;
  attempt: number;
  status: string;
  model: string | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  detail: Record<string, unknown> | null;
}
export interface FxEscalation {
  runId: string;
  nodeId: string;
  stepId: string;
  status: string;
  decision: string | null;
  createdAt: Date;
  dueAt: Date | null;
  resolvedAt: Date | null;
}
export interface Fixture {
  now: Date;
  processId: string;
  otherProcessId: string;
  runs: FxRun[];
  steps: FxStep[];
  escalations: FxEscalation[];
}

const DECISIONS = [
  { id: "ok", type: "approve" },
  { id: "change", type: "edit" },
  { id: "no", type: "reject" },
  { id: "other", type: "custom" },
];

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const graph = (name: string) => ({
  nodes: [
    { id: "start", kind: "trigger", name: "Start" },
    { id: "classify", kind: "llm", name: `Classify ${name}` },
    { id: "draft", kind: "llm", name: "Draft" },
    { id: "send", kind: "tool", name: "Send" },
    { id: "review", kind: "human", name: "Review", subject: "draft" },
  ],
  edges: [],
});

export async function insertFixture(db: Db, slug: string): Promise<Fixture> {
  const now = new Date("2026-06-15T12:00:00.000Z");
  const rand = rng(slug.length * 7919 + 17);
  const mk = async (s: string) => {
    const p = await db.process.create({ data: { publicId: `proc_${s}`, slug: s, name: `P ${s}`, draft: {}, webhookToken: `wh_${s}` } });
    const versions: Record<number, string> = {};
    for (const v of [1, 2]) {
      const row = await db.processVersion.create({
        data: { processId: p.id, version: v, graph: graph(`v${v}`), plan: {}, planHash: `${s}-${v}`, functionConfig: {}, createdAt: new Date(now.getTime() - (v === 1 ? 20 : 3) * 864e5) },
      });
      versions[v] = row.id;
    }
    return { id: p.id, versions };
  };
  const main = await mk(slug);
  const other = await mk(`${slug}-other`);
  const runs: FxRun[] = [];
  const steps: FxStep[] = [];
  const escalations: FxEscalation[] = [];
  const statuses = ["completed", "completed", "completed", "failed", "cancelled", "waiting", "running"];

  for (let i = 0; i < 40; i++) {
    const proc = i % 9 === 8 ? other : main;
    // Most runs fall in the last 7 days; every 10th is 12 days old (outside 7d, inside 30d).
    const ageMs = i % 10 === 9 ? 12 * 864e5 : Math.floor(rand() * 6.5 * 864e5);
    const version = ageMs > 3 * 864e5 ? 1 : 2;
    const status = statuses[i % statuses.length]!;
    const createdAt = new Date(now.getTime() - ageMs);
    const startedAt = i % 4 === 0 ? null : new Date(createdAt.getTime() + Math.floor(rand() * 500));
    const ended = ["completed", "failed", "cancelled"].includes(status);
    const endedAt = ended ? new Date(createdAt.getTime() + 1000 + Math.floor(rand() * 60_000)) : null;
    const id = `run${slug}${i}`;
    const runSteps: FxStep[] = [];
    const step = (nodeId: string, kind: string, attempt: number, status: string, model: string | null, detail: FxStep["detail"] = null, stepId = nodeId) => {
      const inputTokens = kind === "llm" ? 100 + Math.floor(rand() * 900) : 0;
      const cachedInputTokens = kind === "llm" ? Math.floor(inputTokens * rand() * 0.5) : 0;
      const outputTokens = kind === "llm" ? 20 + Math.floor(rand() * 300) : 0;
      const costUsd = kind === "llm" && !detail?.unpriced ? Math.round(rand() * 100000) / 1e7 : 0;
      runSteps.push({ runId: id, nodeId, stepId, kind, attempt, status, model, inputTokens, cachedInputTokens, outputTokens, costUsd, latencyMs: Math.floor(rand() * 3000), detail });
    };
    // classify: a fallback every 5th run (light fails, mid answers); every 7th run fails outright.
    if (i % 5 === 0) {
      step("classify", "llm", 1, "failed", "sim/light-1");
      step("classify", "llm", 2, "succeeded", "sim/mid-1");
    } else if (i % 7 === 3) {
      step("classify", "llm", 1, "failed", "sim/light-1");
    } else step("classify", "llm", 1, "succeeded", "sim/light-1");
    // draft: a repair every 3rd run; an unpriced model every 11th; a loop of two iterations every 6th.
    if (i % 2 === 0) {
      const model = i % 11 === 0 ? "custom/mystery" : "sim/mid-1";
      const detail = i % 11 === 0 ? { unpriced: true } : null;
      if (i % 3 === 0) {
        step("draft", "llm", 1, "failed", model, detail);
        step("draft", "llm", 2, "succeeded", model, { ...detail, repair: true });
      } else step("draft", "llm", 1, "succeeded", model, detail);
      if (i % 6 === 0) step("draft", "llm", 1, "succeeded", model, detail, "draft#1");
      // send: a retry of the same tool every 4th of these.
      if (i % 4 === 0) step("send", "tool", 1, "failed", null);
      step("send", "tool", i % 4 === 0 ? 2 : 1, "succeeded", null);
    }
    // review: every 3rd run escalates; the decision cycles through the types, timeouts and open ones.
    if (i % 3 === 1) {
      const kind = Math.floor(i / 3) % 6;
      const escCreated = new Date(createdAt.getTime() + 2000);
      const dueAt = new Date(escCreated.getTime() + 3_600_000);
      const resolvedAt = kind < 4 ? new Date(escCreated.getTime() + (kind === 1 ? 5_000_000 : 60_000 + Math.floor(rand() * 1_000_000))) : null;
      const status = kind < 4 ? "resolved" : kind === 4 ? "timed_out" : "open";
      escalations.push({ runId: id, nodeId: "review", stepId: "review", status, decision: kind < 4 ? DECISIONS[kind]!.id : null, createdAt: escCreated, dueAt, resolvedAt });
      step("review", "human", 1, kind < 4 ? "succeeded" : kind === 4 ? "failed" : "waiting", null);
    }
    const sum = (f: (s: FxStep) => number) => runSteps.reduce((a, s) => a + f(s), 0);
    runs.push({
      id,
      processId: proc.id,
      version,
      status,
      createdAt,
      startedAt,
      endedAt,
      costUsd: sum((s) => s.costUsd),
      inputTokens: sum((s) => s.inputTokens),
      cachedTokens: sum((s) => s.cachedInputTokens),
      outputTokens: sum((s) => s.outputTokens),
    });
    steps.push(...runSteps);
  }

  const procOf = new Map([[main.id, main], [other.id, other]]);
  await db.run.createMany({
    data: runs.map(({ version, ...r }) => ({ ...r, publicId: `run_${r.id}`, versionId: procOf.get(r.processId)!.versions[version]!, input: {} })),
  });
  await db.stepRecord.createMany({ data: steps.map((s) => ({ ...s, detail: (s.detail ?? undefined) as object | undefined, startedAt: now })) });
  await db.escalation.createMany({
    data: escalations.map((e, n) => ({
      ...e,
      publicId: `esc_${slug}${n}`,
      reason: "review",
      context: {},
      allowedDecisions: DECISIONS,
      role: "reviewer",
    })),
  });
  // The rows went in behind the runtime's back, so the rollups are built from them as a backfill would.
  await rebuildRollups(db);
  return { now, processId: main.id, otherProcessId: other.id, runs, steps, escalations };
}
