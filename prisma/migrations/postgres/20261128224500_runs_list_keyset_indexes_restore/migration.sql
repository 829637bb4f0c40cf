-- Kept in step with the SQLite migration of the same name, which restores the runs-list keyset indexes a
-- SQLite table rebuild had dropped. PostgreSQL added its column in place and kept them; this only makes sure.
CREATE INDEX IF NOT EXISTS "run_created_at_id_idx" ON "run"("created_at", "id");
CREATE INDEX IF NOT EXISTS "run_status_created_at_id_idx" ON "run"("status", "created_at", "id");
CREATE INDEX IF NOT EXISTS "run_process_id_created_at_id_idx" ON "run"("process_id", "created_at", "id");
CREATE INDEX IF NOT EXISTS "run_process_id_version_id_created_at_id_idx" ON "run"("process_id", "version_id", "created_at", "id");
CREATE INDEX IF NOT EXISTS "run_idempotency_key_idx" ON "run"("idempotency_key");
