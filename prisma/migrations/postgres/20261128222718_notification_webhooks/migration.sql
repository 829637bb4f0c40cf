-- CreateTable
CREATE TABLE "notification_webhook" (
    "id" TEXT NOT NULL,
    "public_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '["escalation.opened","escalation.near_sla","escalation.breached"]',
    "near_sla_percent" INTEGER NOT NULL DEFAULT 80,
    "near_sla_minutes" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secret_encrypted" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "escalation_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "body" TEXT,
    "last_status" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMP(3),

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_webhook_public_id_key" ON "notification_webhook"("public_id");

-- CreateIndex
CREATE INDEX "notification_webhook_scope_target_idx" ON "notification_webhook"("scope", "target");

-- CreateIndex
CREATE INDEX "notification_delivery_status_next_attempt_at_idx" ON "notification_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_delivery_webhook_id_created_at_idx" ON "notification_delivery"("webhook_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_delivery_webhook_id_escalation_id_event_key" ON "notification_delivery"("webhook_id", "escalation_id", "event");

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "notification_webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_escalation_id_fkey" FOREIGN KEY ("escalation_id") REFERENCES "escalation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

