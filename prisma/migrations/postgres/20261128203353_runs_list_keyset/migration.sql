-- DropIndex
DROP INDEX "run_status_created_at_idx";

-- DropIndex
DROP INDEX "run_process_id_created_at_idx";

-- DropIndex
DROP INDEX "run_process_id_version_id_created_at_idx";

-- CreateIndex
CREATE INDEX "run_created_at_id_idx" ON "run"("created_at", "id");

-- CreateIndex
CREATE INDEX "run_status_created_at_id_idx" ON "run"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "run_process_id_created_at_id_idx" ON "run"("process_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "run_process_id_version_id_created_at_id_idx" ON "run"("process_id", "version_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "run_idempotency_key_idx" ON "run"("idempotency_key");

