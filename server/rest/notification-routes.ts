import { z } from "zod";
import { deliveryView, webhookInput, webhookPatch, webhookSummary, webhookWithSecret } from "@/server/notifications/notifications.schema";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, retryDelivery, rotateWebhookSecret, updateWebhook } from "@/server/notifications/webhooks.service";
import type { RestRoute } from "./rest-routes";

const ADMIN = ["admin"] as const;

/** Outbound escalation webhooks over REST (docs/notifications.md); admin keys only. */
export const notificationRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/notification-webhooks",
    operationId: "listNotificationWebhooks",
    summary: "Outbound escalation webhooks, each with its count of failed (given up) deliveries; secrets are never returned",
    roles: ADMIN,
    response: z.object({ webhooks: z.array(webhookSummary) }),
    handle: async ({ deps }) => ({ webhooks: await listWebhooks(deps.db) }),
  },
  {
    method: "POST",
    path: "/notification-webhooks",
    operationId: "createNotificationWebhook",
    summary: "Add a webhook for one role's or one process's escalations; the answer holds the signing secret, shown only this once",
    roles: ADMIN,
    status: 201,
    body: webhookInput,
    response: webhookWithSecret,
    handle: async ({ deps, body }) => createWebhook(deps.db, body as z.input<typeof webhookInput>, { masterKey: deps.masterKey }),
  },
  {
    method: "PATCH",
    path: "/notification-webhooks/{id}",
    operationId: "updateNotificationWebhook",
    summary: "Change a webhook's name, URL, scope, events, near-SLA threshold or enabled flag",
    roles: ADMIN,
    body: webhookPatch,
    response: webhookSummary,
    handle: async ({ deps, params, body }) => updateWebhook(deps.db, { id: params.id!, data: body as z.input<typeof webhookPatch> }),
  },
  {
    method: "DELETE",
    path: "/notification-webhooks/{id}",
    operationId: "deleteNotificationWebhook",
    summary: "Remove a webhook and its delivery log",
    roles: ADMIN,
    response: z.object({ id: z.string() }),
    handle: async ({ deps, params }) => deleteWebhook(deps.db, { id: params.id! }),
  },
  {
    method: "POST",
    path: "/notification-webhooks/{id}/rotate-secret",
    operationId: "rotateNotificationWebhookSecret",
    summary: "Replace the signing secret (the old one stops working at once); the new one is shown only in this answer",
    roles: ADMIN,
    response: webhookWithSecret,
    handle: async ({ deps, params }) => rotateWebhookSecret(deps.db, { id: params.id! }, { masterKey: deps.masterKey }),
  },
  {
    method: "GET",
    path: "/notification-webhooks/{id}/deliveries",
    operationId: "listNotificationDeliveries",
    summary: "The webhook's delivery log, newest first: event, escalation, status (pending, delivered, failed, skipped), attempts, last HTTP status and error",
    roles: ADMIN,
    response: z.object({ deliveries: z.array(deliveryView) }),
    handle: async ({ deps, params }) => ({ deliveries: await listDeliveries(deps.db, { id: params.id! }) }),
  },
  {
    method: "POST",
    path: "/notification-webhooks/{id}/deliveries/{deliveryId}/retry",
    operationId: "retryNotificationDelivery",
    summary: "Send a failed delivery again (after the receiver was fixed)",
    roles: ADMIN,
    response: z.object({ id: z.string() }),
    handle: async ({ deps, params }) => retryDelivery(deps.db, { id: params.id!, deliveryId: params.deliveryId! }),
  },
];
