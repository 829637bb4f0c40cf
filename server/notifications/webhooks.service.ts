import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { createSecretBox } from "@/server/crypto/secret-box";
import { publicId } from "@/server/runtime/ids";
import { ROLES } from "@/server/auth/roles";
import { parseEvents } from "./enqueue";
import { newWebhookSecret } from "./signature";
import { webhookInput, webhookPatch, type DeliveryView, type WebhookInput, type WebhookSummary } from "./notifications.schema";
import type { z } from "zod";

/**
 * Outbound escalation webhooks (admins, Settings → Notifications). The signing secret is generated
 * here, sealed with the master key (bound to the webhook's id) and returned once.
 */
type Row = Awaited<ReturnType<Db["notificationWebhook"]["findFirstOrThrow"]>>;

export const secretContext = (webhookPublicId: string) => `webhook:${webhookPublicId}`;

function sealer(masterKey: string | undefined) {
  if (!masterKey) throw new AppError("PRECONDITION_FAILED", "Webhook secrets cannot be stored: the instance has no master key (BATON_MASTER_KEY; npm start provides one).");
  return createSecretBox(masterKey);
}

function summary(row: Row, failed: number): WebhookSummary {
  return {
    id: row.publicId,
    name: row.name,
    url: row.url,
    scope: row.scope as WebhookSummary["scope"],
    target: row.target,
    events: parseEvents(row.events),
    nearSlaPercent: row.nearSlaPercent,
    nearSlaMinutes: row.nearSlaMinutes,
    enabled: row.enabled,
    createdAt: row.createdAt,
    failed,
  };
}

async function failedCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  const groups = await db.notificationDelivery.groupBy({ by: ["webhookId"], where: { webhookId: { in: ids }, status: "failed" }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.webhookId, g._count._all]));
}

async function load(db: Db, id: string): Promise<Row> {
  const row = await db.notificationWebhook.findUnique({ where: { publicId: id } });
  if (!row) throw new AppError("NOT_FOUND", `No webhook "${id}". List them in Settings → Notifications or GET /api/v1/notification-webhooks.`);
  return row;
}

async function checkProcess(db: Db, scope: string | undefined, target: string | undefined) {
  if (scope !== "process" || !target) return;
  const found = await db.process.findUnique({ where: { slug: target }, select: { id: true } });
  if (!found) throw new AppError("BAD_REQUEST", `No process "${target}". Use a process slug, e.g. from the processes list.`, { fieldErrors: { target: [`No process "${target}"`] } });
}

export async function listWebhooks(db: Db): Promise<WebhookSummary[]> {
  const rows = await db.notificationWebhook.findMany({ orderBy: { createdAt: "asc" } });
  const failed = await failedCounts(db, rows.map((r) => r.id));
  return rows.map((r) => summary(r, failed.get(r.id) ?? 0));
}

export async function createWebhook(db: Db, input: WebhookInput, opts: { masterKey?: string }): Promise<{ webhook: WebhookSummary; secret: string }> {
  const data = webhookInput.parse(input);
  await checkProcess(db, data.scope, data.target);
  const box = sealer(opts.masterKey);
  const id = publicId("whk");
  const secret = newWebhookSecret();
  const row = await db.notificationWebhook.create({
    data: { ...data, publicId: id, events: JSON.stringify(data.events), secretEncrypted: box.seal(secret, secretContext(id)) },
  });
  return { webhook: summary(row, 0), secret };
}

export async function updateWebhook(db: Db, params: { id: string; data: z.input<typeof webhookPatch> }): Promise<WebhookSummary> {
  const data = webhookPatch.parse(params.data);
  const row = await load(db, params.id);
  const scope = data.scope ?? row.scope;
  const target = data.target ?? row.target;
  if (scope === "role" && !(ROLES as readonly string[]).includes(target)) {
    throw new AppError("BAD_REQUEST", `"${target}" is not a role: use one of ${ROLES.join(", ")}.`, { fieldErrors: { target: [`One of ${ROLES.join(", ")}`] } });
  }
  await checkProcess(db, scope, target);
  const updated = await db.notificationWebhook.update({
    where: { id: row.id },
    data: { ...data, events: data.events ? JSON.stringify(data.events) : undefined },
  });
  return summary(updated, (await failedCounts(db, [row.id])).get(row.id) ?? 0);
}

export async function deleteWebhook(db: Db, params: { id: string }): Promise<{ id: string }> {
  const row = await load(db, params.id);
  await db.notificationWebhook.delete({ where: { id: row.id } });
  return { id: params.id };
}

/** A new secret, shown once; the old one stops working at once (receivers switch to the new one). */
export async function rotateWebhookSecret(db: Db, params: { id: string }, opts: { masterKey?: string }): Promise<{ webhook: WebhookSummary; secret: string }> {
  const row = await load(db, params.id);
  const secret = newWebhookSecret();
  const updated = await db.notificationWebhook.update({ where: { id: row.id }, data: { secretEncrypted: sealer(opts.masterKey).seal(secret, secretContext(row.publicId)) } });
  return { webhook: summary(updated, (await failedCounts(db, [row.id])).get(row.id) ?? 0), secret };
}

/** The delivery log of one webhook, newest first. */
export async function listDeliveries(db: Db, params: { id: string; limit?: number }): Promise<DeliveryView[]> {
  const row = await load(db, params.id);
  const rows = await db.notificationDelivery.findMany({
    where: { webhookId: row.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: params.limit ?? 50,
    include: { escalation: { select: { publicId: true } } },
  });
  return rows.map((d) => ({
    id: d.id,
    event: d.event as DeliveryView["event"],
    escalationId: d.escalation.publicId,
    status: d.status as DeliveryView["status"],
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
  }));
}

/** Sends a failed delivery again from its first attempt (after the receiver was fixed). */
export async function retryDelivery(db: Db, params: { id: string; deliveryId: string }, now = new Date()): Promise<{ id: string }> {
  const row = await load(db, params.id);
  const { count } = await db.notificationDelivery.updateMany({
    where: { id: params.deliveryId, webhookId: row.id, status: "failed" },
    data: { status: "pending", attempts: 0, nextAttemptAt: now, lastError: null },
  });
  if (count === 0) throw new AppError("CONFLICT", "Only a failed delivery of this webhook can be retried.");
  return { id: params.deliveryId };
}
