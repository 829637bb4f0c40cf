import "server-only";
import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../init";
import { env } from "@/server/env";
import { deliveryView, webhookInput, webhookSummary, webhookUpdateInput, webhookWithSecret } from "@/server/notifications/notifications.schema";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, retryDelivery, rotateWebhookSecret, updateWebhook } from "@/server/notifications/webhooks.service";

const secrets = () => ({ masterKey: env.BATON_MASTER_KEY });
const byId = z.strictObject({ id: z.string().min(1) });

/** Outbound escalation webhooks (Settings → Notifications); admins only. The secret comes back from create and rotateSecret only. */
export const notificationsRouter = createTRPCRouter({
  list: adminProcedure.output(z.array(webhookSummary)).query(({ ctx }) => listWebhooks(ctx.db)),
  create: adminProcedure.input(webhookInput).output(webhookWithSecret).mutation(({ ctx, input }) => createWebhook(ctx.db, input, secrets())),
  update: adminProcedure.input(webhookUpdateInput).output(webhookSummary).mutation(({ ctx, input }) => updateWebhook(ctx.db, input)),
  delete: adminProcedure.input(byId).output(z.object({ id: z.string() })).mutation(({ ctx, input }) => deleteWebhook(ctx.db, input)),
  rotateSecret: adminProcedure.input(byId).output(webhookWithSecret).mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, input, secrets())),
  deliveries: adminProcedure.input(byId).output(z.array(deliveryView)).query(({ ctx, input }) => listDeliveries(ctx.db, input)),
  retry: adminProcedure
    .input(z.strictObject({ id: z.string().min(1), deliveryId: z.string().min(1) }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => retryDelivery(ctx.db, input)),
});
