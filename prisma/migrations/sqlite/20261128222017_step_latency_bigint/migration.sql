-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_step_record" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "input" JSONB,
    "output" JSONB,
    "provider" TEXT,
    "model" TEXT,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" REAL NOT NULL DEFAULT 0,
    "latency_ms" BIGINT NOT NULL DEFAULT 0,
    "error" JSONB,
    "detail" JSONB,
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" DATETIME,
    CONSTRAINT "step_record_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_step_record" ("attempt", "cached_input_tokens", "cost_usd", "detail", "ended_at", "error", "id", "input", "input_tokens", "kind", "latency_ms", "model", "node_id", "output", "output_tokens", "provider", "run_id", "started_at", "status", "step_id") SELECT "attempt", "cached_input_tokens", "cost_usd", "detail", "ended_at", "error", "id", "input", "input_tokens", "kind", "latency_ms", "model", "node_id", "output", "output_tokens", "provider", "run_id", "started_at", "status", "step_id" FROM "step_record";
DROP TABLE "step_record";
ALTER TABLE "new_step_record" RENAME TO "step_record";
CREATE INDEX "step_record_node_id_idx" ON "step_record"("node_id");
CREATE INDEX "step_record_run_id_node_id_idx" ON "step_record"("run_id", "node_id");
CREATE UNIQUE INDEX "step_record_run_id_step_id_attempt_key" ON "step_record"("run_id", "step_id", "attempt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

