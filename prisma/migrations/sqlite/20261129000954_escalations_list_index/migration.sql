-- CreateIndex
CREATE INDEX "escalation_status_due_at_created_at_public_id_idx" ON "escalation"("status", "due_at", "created_at", "public_id");

