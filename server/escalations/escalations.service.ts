import { BatonEvents, durationToMs, validateData, type DataSchema } from "@/core";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { Role } from "@/server/auth/roles";
import type { EventSender } from "@/server/runtime/events";
import { publicId } from "@/server/runtime/ids";
import { crashPoint } from "@/server/runtime/crash-hook";
import { afterCommit, enqueueEvent, type DbTx } from "@/server/outbox/outbox";
import { writeStepRecord } from "@/server/runtime/step-records";
import { enqueueEscalationNotifications, kickNotifier } from "@/server/notifications/enqueue";
import type { EscalationView } from "./escalations.schema";
import { recordAudit, SYSTEM } from "./audit.service";
import { currentHolder, freeFor, isHolder } from "./holds";

/**
 * Escalations: created by a run when its interpreter raises one, resolved by a person (UI or API)
 * or timed out by the run. Resolving sends `baton/escalation.resolved` through the outbox (written
 * in the decision's own transaction), which the waiting run matches on `<runId>:<stepId>`.
 */

/** Who resolves: a signed-in user or an API key, with the role that authorises it. */
export interface Actor {
  role: Role;
  /** Shown in history: the user's email or "API key bk_abc…". */
  label: string;
  userId?: string;
  keyId?: string;
}

/** An escalation for `reviewer` may be resolved by anyone; `operator` by operators and admins; `admin` by admins. */
const RANK: Record<Role, number> = { reviewer: 0, operator: 1, admin: 2 };
export function canResolve(actor: Role, required: string): boolean {
  const need = RANK[required as Role] ?? RANK.admin;
  return RANK[actor] >= need;
}

/** What `view` reads of an escalation's run. */
const VIEW_RUN = { publicId: true, kind: true, version: { select: { version: true } }, process: { select: { slug: true } } } as const;

type Row = Awaited<ReturnType<typeof loadRow>>;
async function loadRow(db: Db, where: { publicId: string } | { id: string }) {
  return db.escalation.findUnique({
    where: where as { publicId: string },
    include: { run: { select: VIEW_RUN } },
  });
}

/** The fields `view` reads: a Prisma row with its run, or an inbox SQL row (inbox-sql.ts). */
export type ViewRow = Pick<
  NonNullable<Row>,
  | "publicId" | "nodeId" | "stepId" | "status" | "reason" | "role" | "context" | "proposedOutput" | "outputSchema" | "allowedDecisions"
  | "dueAt" | "decision" | "output" | "comment" | "resolvedBy" | "resolvedAt" | "createdAt"
  | "claimedBy" | "claimedByUserId" | "claimedByKeyId" | "claimExpiresAt"
> & { run: { publicId: string; kind: string; process: { slug: string }; version: { version: number } } };

/** Row → DTO; also used by the inbox presenter. */
export function view(row: ViewRow, now = new Date()): EscalationView {
  const holder = row.status === "open" ? currentHolder(row, now) : null;
  return {
    id: row.publicId,
    runId: row.run.publicId,
    runKind: row.run.kind as EscalationView["runKind"],
    process: row.run.process.slug,
    version: row.run.version.version,
    nodeId: row.nodeId,
    stepId: row.stepId,
    status: row.status as EscalationView["status"],
    reason: row.reason,
    role: row.role,
    context: row.context,
    proposedOutput: row.proposedOutput ?? null,
    outputSchema: row.outputSchema ?? null,
    allowedDecisions: (row.allowedDecisions as EscalationView["allowedDecisions"]) ?? [],
    dueAt: row.dueAt,
    decision: row.decision,
    output: row.output ?? null,
    comment: row.comment,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    createdAt: row.createdAt,
    claimedBy: holder?.claimedBy ?? null,
    claimedByUserId: holder?.claimedByUserId ?? null,
    claimExpiresAt: holder?.claimExpiresAt ?? null,
  };
}

export async function listEscalations(db: Db, params: { status?: string; runId?: string; limit?: number } = {}): Promise<EscalationView[]> {
  const rows = await db.escalation.findMany({
    where: { ...(params.status ? { status: params.status } : {}), ...(params.runId ? { run: { publicId: params.runId } } : {}) },
    orderBy: { createdAt: "asc" },
    take: params.limit ?? 100,
    include: { run: { select: VIEW_RUN } },
  });
  return rows.map((r) => view(r));
}

export async function getEscalation(db: Db, params: { id: string }, now?: Date): Promise<EscalationView> {
  const row = await loadRow(db, { publicId: params.id });
  if (!row) throw new AppError("NOT_FOUND", `No escalation "${params.id}". List open ones with GET /api/v1/escalations?status=open.`);
  return view(row, now);
}

/** The data core's interpreter sends with `baton/escalation.requested` (docs/core.md). */
export interface EscalationRequestedData {
  escalationId: string;
  runId: string;
  nodeId: string;
  stepId: string;
  role: string;
  reason: string;
  decisions: Array<{ id: string; type: string; label?: string }>;
  timeout: string;
  proposedOutput?: unknown;
  outputSchema?: unknown;
  context: unknown;
}

const json = (v: unknown) => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as object));

/** Called from inside the run's escalate step: the row, a waiting step record, the run marked waiting. Idempotent. */
export async function createEscalation(db: Db, params: { runDbId: string; data: EscalationRequestedData; now?: Date }): Promise<{ id: string }> {
  const { data } = params;
  const now = params.now ?? new Date();
  const existing = await db.escalation.findUnique({ where: { runId_stepId: { runId: params.runDbId, stepId: data.stepId } } });
  if (existing) return { id: existing.publicId };
  let dueAt: Date | null = null;
  try {
    dueAt = new Date(now.getTime() + durationToMs(data.timeout));
  } catch {
    dueAt = null;
  }
  // The escalation and its webhook notifications (opened now, near-SLA at each webhook's threshold) commit together.
  const { row, notified } = await db.$transaction(async (tx) => {
    const row = await tx.escalation.create({
      data: {
        publicId: publicId("esc"),
        runId: params.runDbId,
        nodeId: data.nodeId,
        stepId: data.stepId,
        reason: data.reason,
        context: json(data.context) ?? {},
        proposedOutput: json(data.proposedOutput),
        outputSchema: json(data.outputSchema),
        allowedDecisions: json(data.decisions) ?? [],
        role: data.role,
        dueAt,
        createdAt: now,
      },
      include: { run: { select: { kind: true, process: { select: { slug: true } } } } },
    });
    const notified = await enqueueEscalationNotifications(tx, { escalationDbId: row.id, event: "opened", role: row.role, processSlug: row.run.process.slug, runKind: row.run.kind, createdAt: now, dueAt, now });
    return { row, notified };
  });
  if (notified > 0) kickNotifier();
  await writeStepRecord(db, {
    runDbId: params.runDbId,
    nodeId: data.nodeId,
    stepId: data.stepId,
    kind: "human",
    attempt: 1,
    status: "waiting",
    input: { reason: data.reason, role: data.role, decisions: data.decisions, proposedOutput: data.proposedOutput },
    detail: { escalationId: row.publicId, dueAt },
    startedAt: now,
  });
  await db.run.updateMany({ where: { id: params.runDbId, status: { in: ["queued", "running"] } }, data: { status: "waiting" } });
  return { id: row.publicId };
}

/** Called by the run when its wait passed without a decision. */
export async function markEscalationTimedOut(db: Db, params: { runDbId: string; stepId: string; now?: Date }): Promise<void> {
  const now = params.now ?? new Date();
  const row = await db.escalation.findUnique({
    where: { runId_stepId: { runId: params.runDbId, stepId: params.stepId } },
    include: { run: { select: { kind: true, process: { select: { slug: true } } } } },
  });
  if (!row || row.status !== "open") return;
  const notified = await db.$transaction(async (tx) => {
    await tx.escalation.update({ where: { id: row.id }, data: { status: "timed_out", resolvedAt: now } });
    await recordAudit(tx, { escalationDbId: row.id, action: "sla_breached", actor: SYSTEM, before: { status: "open", dueAt: row.dueAt }, after: { status: "timed_out" }, at: now });
    return enqueueEscalationNotifications(tx, { escalationDbId: row.id, event: "breached", role: row.role, processSlug: row.run.process.slug, runKind: row.run.kind, createdAt: row.createdAt, dueAt: row.dueAt, now });
  });
  if (notified > 0) kickNotifier();
  await finishHumanRecord(db, row, "failed", { decision: "timeout" }, { code: "escalation-timeout", message: "Nobody decided before the deadline." }, now);
  await markRunningIfNoneOpen(db, params.runDbId);
}

async function finishHumanRecord(
  db: Db | DbTx,
  row: { runId: string; nodeId: string; stepId: string; createdAt: Date; reason: string; role: string },
  status: "succeeded" | "failed",
  output: unknown,
  error: unknown,
  now: Date,
) {
  await writeStepRecord(db, {
    runDbId: row.runId,
    nodeId: row.nodeId,
    stepId: row.stepId,
    kind: "human",
    attempt: 1,
    status,
    input: { reason: row.reason, role: row.role },
    output,
    error,
    latencyMs: now.getTime() - row.createdAt.getTime(),
    startedAt: row.createdAt,
    endedAt: now,
  });
}

async function markRunningIfNoneOpen(db: Db | DbTx, runDbId: string) {
  const open = await db.escalation.count({ where: { runId: runDbId, status: "open" } });
  if (open === 0) await db.run.updateMany({ where: { id: runDbId, status: "waiting" }, data: { status: "running" } });
}

/**
 * Resolve an open escalation: the decision must be one it allows, the actor's role must be enough,
 * an edited output must fit the step's contract (400 with the field paths). Records who decided
 * what and when, then resumes the run.
 */
export async function resolveEscalation(
  db: Db,
  params: { id: string; decision: string; output?: unknown; comment?: string; actor: Actor },
  deps: { events: EventSender; at?: Date },
): Promise<EscalationView> {
  const row = await loadRow(db, { publicId: params.id });
  if (!row) throw new AppError("NOT_FOUND", `No escalation "${params.id}".`);
  if (row.status !== "open") {
    throw new AppError("CONFLICT", `This escalation is already ${row.status.replace("_", " ")}${row.resolvedBy ? ` (by ${row.resolvedBy})` : ""}; nothing to resolve.`, { status: row.status });
  }
  if (!canResolve(params.actor.role, row.role)) {
    throw new AppError("FORBIDDEN", `Resolving this escalation needs the ${row.role} role; you have ${params.actor.role}.`, { requiredRole: row.role });
  }
  const now = deps.at ?? new Date();
  const holder = currentHolder(row, now);
  if (holder && !isHolder(holder, params.actor)) {
    throw new AppError("CONFLICT", `${holder.claimedBy} holds this escalation. Take it over first to decide it yourself.`, { heldBy: holder.claimedBy, expiresAt: holder.claimExpiresAt });
  }
  const decisions = (row.allowedDecisions as Array<{ id: string; type: string }>) ?? [];
  const decision = decisions.find((d) => d.id === params.decision);
  if (!decision) {
    throw new AppError("BAD_REQUEST", `"${params.decision}" is not a decision of this escalation. Use one of: ${decisions.map((d) => d.id).join(", ")}.`, {
      allowedDecisions: decisions.map((d) => d.id),
    });
  }
  const isEdit = decision.type === "edit";
  if (isEdit) {
    if (params.output === undefined) throw new AppError("BAD_REQUEST", "An edit needs the corrected `output`.", { fieldErrors: { output: ["Required for an edit"] } });
    if (row.outputSchema) {
      const issues = validateData(row.outputSchema as unknown as DataSchema, params.output);
      if (issues.length) {
        const fieldErrors: Record<string, string[]> = {};
        for (const i of issues) (fieldErrors[i.path ? `output.${i.path}` : "output"] ??= []).push(i.message);
        throw new AppError("BAD_REQUEST", `The edited output does not match the step's contract: ${issues.map((i) => i.message).join("; ")}`, { issues, fieldErrors });
      }
    }
  }
  const output = isEdit ? params.output : undefined;
  // The decision, its step record, the run's status and the `baton/escalation.resolved` event commit
  // together (the event through the outbox): a crash cannot keep a recorded decision from the run.
  const outboxId = await db.$transaction(async (tx) => {
    const updated = await tx.escalation.updateMany({
      // Open and not taken by someone else since the check above: a decision is made once, by the holder.
      where: { id: row.id, status: "open", ...freeFor(params.actor, now) },
      data: {
        status: "resolved",
        decision: decision.id,
        output: json(output),
        comment: params.comment ?? null,
        resolvedBy: params.actor.label,
        resolvedById: params.actor.userId ?? null,
        resolvedByKeyId: params.actor.keyId ?? null,
        resolvedAt: now,
      },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "Someone else resolved or took this escalation a moment ago. Reload it.");
    await recordAudit(tx, {
      escalationDbId: row.id,
      action: "decided",
      actor: params.actor,
      before: { status: "open", proposedOutput: row.proposedOutput },
      after: { status: "resolved", decision: decision.id, ...(output !== undefined ? { output } : {}), ...(params.comment ? { comment: params.comment } : {}) },
      at: now,
    });
    await finishHumanRecord(tx, row, "succeeded", { decision: decision.id, ...(output !== undefined ? { output } : {}), ...(params.comment ? { comment: params.comment } : {}), actor: params.actor.label }, undefined, now);
    await markRunningIfNoneOpen(tx, row.runId);
    return enqueueEvent(tx, {
      name: BatonEvents.escalationResolved,
      id: `resolve-${row.publicId}`,
      data: {
        escalationId: `${row.run.publicId}:${row.stepId}`,
        decision: decision.id,
        ...(output !== undefined ? { output } : {}),
        ...(params.comment ? { comment: params.comment } : {}),
        actor: params.actor.label,
      },
    });
  });
  crashPoint("resolve-committed");
  await afterCommit(db, deps.events, [outboxId]);
  return getEscalation(db, { id: row.publicId });
}
