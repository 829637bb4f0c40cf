-- AlterTable
ALTER TABLE "process" ADD COLUMN "test_input" JSONB;
ALTER TABLE "process" ADD COLUMN "test_pins" JSONB;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_process_version" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "process_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "graph" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "plan_hash" TEXT NOT NULL,
    "function_config" JSONB NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'published',
    "published_by_id" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "process_version_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_process_version" ("created_at", "function_config", "graph", "id", "plan", "plan_hash", "process_id", "published_by_id", "version") SELECT "created_at", "function_config", "graph", "id", "plan", "plan_hash", "process_id", "published_by_id", "version" FROM "process_version";
DROP TABLE "process_version";
ALTER TABLE "new_process_version" RENAME TO "process_version";
CREATE UNIQUE INDEX "process_version_process_id_version_key" ON "process_version"("process_id", "version");
CREATE TABLE "new_run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "public_id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "trigger" TEXT NOT NULL DEFAULT 'api',
    "kind" TEXT NOT NULL DEFAULT 'run',
    "idempotency_key" TEXT,
    "engine_run_id" TEXT,
    "parent_run_id" TEXT,
    "rerun_of_id" TEXT,
    "rerun_from_node_id" TEXT,
    "cost_usd" REAL NOT NULL DEFAULT 0,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" DATETIME,
    "ended_at" DATETIME,
    CONSTRAINT "run_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "run_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "process_version" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_run" ("cached_tokens", "cost_usd", "created_at", "ended_at", "engine_run_id", "error", "id", "idempotency_key", "input", "input_tokens", "output", "output_tokens", "parent_run_id", "process_id", "public_id", "rerun_from_node_id", "rerun_of_id", "started_at", "status", "trigger", "version_id") SELECT "cached_tokens", "cost_usd", "created_at", "ended_at", "engine_run_id", "error", "id", "idempotency_key", "input", "input_tokens", "output", "output_tokens", "parent_run_id", "process_id", "public_id", "rerun_from_node_id", "rerun_of_id", "started_at", "status", "trigger", "version_id" FROM "run";
DROP TABLE "run";
ALTER TABLE "new_run" RENAME TO "run";
CREATE UNIQUE INDEX "run_public_id_key" ON "run"("public_id");
CREATE INDEX "run_status_created_at_idx" ON "run"("status", "created_at");
CREATE INDEX "run_process_id_created_at_idx" ON "run"("process_id", "created_at");
CREATE INDEX "run_process_id_version_id_created_at_idx" ON "run"("process_id", "version_id", "created_at");
CREATE UNIQUE INDEX "run_process_id_idempotency_key_key" ON "run"("process_id", "idempotency_key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

