import { z } from "zod";
import { HttpUrl } from "@/core";
import { roleSchema } from "@/server/auth/roles";

/**
 * Client-safe schemas for outbound escalation webhooks (docs/notifications.md): the settings form,
 * tRPC and REST share them. The signing secret is never part of any output but the one that creates
 * or rotates it.
 */
export const NOTIFICATION_EVENTS = ["escalation.opened", "escalation.near_sla", "escalation.breached"] as const;
export const notificationEvent = z.enum(NOTIFICATION_EVENTS);
export type NotificationEvent = z.infer<typeof notificationEvent>;

export const webhookScope = z.enum(["role", "process"]);

const webhookFields = {
  name: z.string().trim().min(1, { message: "Give the webhook a name" }).max(100),
  url: HttpUrl.describe("Where to POST (http or https), e.g. a Slack incoming-webhook URL"),
  scope: webhookScope.describe("Hear about escalations for one role, or of one process"),
  target: z.string().trim().min(1, { message: "Name the role or the process slug" }).max(200).describe("The role (scope=role) or process slug (scope=process)"),
  events: z.array(notificationEvent).min(1, { message: "Pick at least one event" }).describe("Which escalation events to send"),
  nearSlaPercent: z.number().int().min(1).max(99).describe("Nears its SLA at this share of the time between opening and the due time"),
  nearSlaMinutes: z.number().int().min(1).max(7 * 24 * 60).nullable().describe("Or this many minutes before the due time (wins when set)"),
  enabled: z.boolean(),
};

const checkTarget = (v: { scope?: string; target?: string }, ctx: z.RefinementCtx) => {
  if (v.scope === "role" && v.target !== undefined && !roleSchema.safeParse(v.target).success) {
    ctx.addIssue({ code: "custom", path: ["target"], message: `A role: one of ${roleSchema.options.join(", ")}` });
  }
};

export const webhookInput = z
  .strictObject({
    ...webhookFields,
    events: webhookFields.events.default([...NOTIFICATION_EVENTS]),
    nearSlaPercent: webhookFields.nearSlaPercent.default(80),
    nearSlaMinutes: webhookFields.nearSlaMinutes.default(null),
    enabled: webhookFields.enabled.default(true),
  })
  .superRefine(checkTarget);
export type WebhookInput = z.input<typeof webhookInput>;

export const webhookPatch = z.strictObject({ ...webhookFields }).partial().superRefine(checkTarget);
export const webhookUpdateInput = z.strictObject({ id: z.string().min(1), data: webhookPatch });

export const webhookSummary = z.object({
  id: z.string().describe("whk_… public id"),
  name: z.string(),
  url: z.string(),
  scope: webhookScope,
  target: z.string(),
  events: z.array(notificationEvent),
  nearSlaPercent: z.number().int(),
  nearSlaMinutes: z.number().int().nullable(),
  enabled: z.boolean(),
  createdAt: z.date(),
  /** Failed deliveries (gave up) in the log: shown as a warning in Settings. */
  failed: z.number().int(),
});
export type WebhookSummary = z.infer<typeof webhookSummary>;

/** Create and rotate answer with the secret, once: it is stored sealed and never shown again. */
export const webhookWithSecret = z.object({ webhook: webhookSummary, secret: z.string().describe("whsec_…: verify X-Baton-Signature with it; shown only now") });

export const deliveryStatus = z.enum(["pending", "delivered", "failed", "skipped"]);
export const deliveryView = z.object({
  id: z.string(),
  event: notificationEvent,
  escalationId: z.string().describe("esc_… public id"),
  status: deliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.date(),
  lastStatus: z.number().int().nullable().describe("HTTP status of the last attempt"),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryView>;
