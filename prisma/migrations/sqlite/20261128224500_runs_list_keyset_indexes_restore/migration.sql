-- 20261128203527_designer_test_runs rebuilt the "run" table (SQLite adds a column that way) from a schema
-- written before 20261128203353_runs_list_keyset, so it recreated the old indexes and dropped the keyset ones:
-- every runs-list page then scanned and sorted the whole table. Put the keyset indexes back (idempotent).
DROP INDEX IF EXISTS "run_status_created_at_idx";
DROP INDEX IF EXISTS "run_process_id_created_at_idx";
DROP INDEX IF EXISTS "run_process_id_version_id_created_at_idx";
CREATE INDEX IF NOT EXISTS "run_created_at_id_idx" ON "run"("created_at", "id");
CREATE INDEX IF NOT EXISTS "run_status_created_at_id_idx" ON "run"("status", "created_at", "id");
CREATE INDEX IF NOT EXISTS "run_process_id_created_at_id_idx" ON "run"("process_id", "created_at", "id");
CREATE INDEX IF NOT EXISTS "run_process_id_version_id_created_at_id_idx" ON "run"("process_id", "version_id", "created_at", "id");
CREATE INDEX IF NOT EXISTS "run_idempotency_key_idx" ON "run"("idempotency_key");
