-- AlterTable
ALTER TABLE "escalation" ADD COLUMN     "claim_expires_at" TIMESTAMP(3),
ADD COLUMN     "claimed_at" TIMESTAMP(3),
ADD COLUMN     "claimed_by" TEXT,
ADD COLUMN     "claimed_by_key_id" TEXT,
ADD COLUMN     "claimed_by_user_id" TEXT;

-- CreateTable
CREATE TABLE "escalation_audit" (
    "id" TEXT NOT NULL,
    "escalation_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "actor_key_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "escalation_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "escalation_audit_escalation_id_at_idx" ON "escalation_audit"("escalation_id", "at");

-- AddForeignKey
ALTER TABLE "escalation_audit" ADD CONSTRAINT "escalation_audit_escalation_id_fkey" FOREIGN KEY ("escalation_id") REFERENCES "escalation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

