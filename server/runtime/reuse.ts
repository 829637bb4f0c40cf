import type { CallRecord, ExecutionPlan, PortEvent } from "@/core";
import type { Db } from "@/server/db/client";
import type { ReuseSource } from "./inngest-port";
import { rerunChain, reusedNodeIds } from "./rerun-chain";

/**
 * What a rerun from `fromNodeId` takes from the earlier run: the recorded result of every call
 * of the steps before it (plan order), and the decisions of their escalations. The port returns
 * these instead of executing, so those steps are not run (or billed) again.
 */
export async function loadReuse(db: Db, params: { sourceRunDbId: string; plan: ExecutionPlan; fromNodeId: string }): Promise<ReuseSource> {
  const nodes = reusedNodeIds(params.plan, params.fromNodeId);
  // A rerun of a rerun: steps the source itself reused are found in the run it reused them from.
  const chain = (await rerunChain(db, params.sourceRunDbId)).map((r) => r.id);
  const calls = new Map<string, CallRecord>();
  const decisions = new Map<string, PortEvent | null>();
  const covered = new Set<string>();
  for (const runDbId of chain) {
    const found = await collect(db, runDbId, [...nodes].filter((n) => !covered.has(n)), calls, decisions);
    for (const n of found) covered.add(n);
  }
  return { nodes, calls, decisions };
}

/** Adds one run's calls and decisions for `nodes`; returns the nodes it had results for. */
async function collect(db: Db, runDbId: string, nodes: string[], calls: Map<string, CallRecord>, decisions: Map<string, PortEvent | null>): Promise<Set<string>> {
  const found = new Set<string>();
  if (nodes.length === 0) return found;
  const records = await db.stepRecord.findMany({ where: { runId: runDbId, nodeId: { in: nodes } } });
  for (const r of records) {
    if (r.kind !== "llm" && r.kind !== "tool") continue;
    const detail = (r.detail ?? {}) as { portStepId?: string };
    if (!detail.portStepId) continue;
    const error = r.error as { code?: string; message?: string; name?: string } | null;
    // Mirrors what the step services handed the interpreter: output that broke the contract was returned, other errors thrown.
    const returned =
      !error || (r.kind === "llm" && error.code === "malformed_output" && r.inputTokens + r.outputTokens > 0) || (r.kind === "tool" && error.code === "contract-mismatch");
    found.add(r.nodeId);
    calls.set(
      detail.portStepId,
      returned
        ? {
            ok: true,
            output: r.output ?? null,
            ...(r.model ? { model: r.model } : {}),
            ...(r.provider ? { provider: r.provider } : {}),
            usage: { inputTokens: r.inputTokens, cachedInputTokens: r.cachedInputTokens, outputTokens: r.outputTokens },
            costUsd: 0,
            latencyMs: Number(r.latencyMs),
          }
        : { ok: false, error: { message: error?.message ?? "failed", ...(error?.name ? { name: error.name } : {}) }, ...(r.model ? { model: r.model } : {}), costUsd: 0, latencyMs: Number(r.latencyMs) },
    );
  }
  const escalations = await db.escalation.findMany({ where: { runId: runDbId, nodeId: { in: nodes }, status: { in: ["resolved", "timed_out"] } } });
  for (const e of escalations) {
    found.add(e.nodeId);
    decisions.set(
      e.stepId,
      e.status === "timed_out"
        ? null
        : {
            name: "baton/escalation.resolved",
            data: {
              decision: e.decision,
              ...(e.output !== null ? { output: e.output } : {}),
              ...(e.comment ? { comment: e.comment } : {}),
              ...(e.resolvedBy ? { actor: e.resolvedBy } : {}),
            },
          },
    );
  }
  return found;
}
