-- CreateTable
CREATE TABLE "system_settings" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'operator',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "expires_at" DATETIME NOT NULL,
    "token" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" DATETIME,
    "refresh_token_expires_at" DATETIME,
    "scope" TEXT,
    "password" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'user',
    "created_by_id" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" DATETIME,
    "revoked_at" DATETIME,
    CONSTRAINT "api_key_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "engine_functions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "app_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "updated_at" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "engine_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "function_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "events" TEXT NOT NULL,
    "output" TEXT,
    "error" TEXT,
    "created_at" BIGINT NOT NULL,
    "ended_at" BIGINT,
    "version" INTEGER NOT NULL,
    "force_step_plan" BOOLEAN NOT NULL,
    "parent_run_id" TEXT,
    "parent_step_id" TEXT
);

-- CreateTable
CREATE TABLE "engine_steps" (
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "step_id" TEXT NOT NULL,
    "memo" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL,

    PRIMARY KEY ("run_id", "seq")
);

-- CreateTable
CREATE TABLE "engine_queue_items" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "step_id" TEXT,
    "attempt" INTEGER NOT NULL,
    "run_at" BIGINT NOT NULL,
    "created_at" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "engine_waiters" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "event" TEXT,
    "expression" TEXT,
    "since" BIGINT NOT NULL,
    "expires_at" BIGINT,
    "child_run_id" TEXT
);

-- CreateTable
CREATE TABLE "engine_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "received_at" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "engine_keys" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "expires_at" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "engine_crons" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "function_id" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "next_at" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "process" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "public_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "draft" JSONB NOT NULL,
    "webhook_token" TEXT NOT NULL,
    "cron" TEXT,
    "cron_input" JSONB,
    "archived_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "process_version" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "process_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "graph" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "plan_hash" TEXT NOT NULL,
    "function_config" JSONB NOT NULL,
    "published_by_id" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "process_version_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "public_id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "trigger" TEXT NOT NULL DEFAULT 'api',
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

-- CreateTable
CREATE TABLE "step_record" (
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
    "latency_ms" INTEGER NOT NULL DEFAULT 0,
    "error" JSONB,
    "detail" JSONB,
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" DATETIME,
    CONSTRAINT "step_record_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "escalation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "public_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "reason" TEXT NOT NULL,
    "context" JSONB NOT NULL,
    "proposed_output" JSONB,
    "output_schema" JSONB,
    "allowed_decisions" JSONB NOT NULL,
    "role" TEXT NOT NULL,
    "due_at" DATETIME,
    "decision" TEXT,
    "output" JSONB,
    "comment" TEXT,
    "resolved_by_id" TEXT,
    "resolved_by_key_id" TEXT,
    "resolved_by" TEXT,
    "resolved_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "escalation_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "model_provider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT,
    "api_key_encrypted" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "model_price" (
    "model" TEXT NOT NULL PRIMARY KEY,
    "input_per_m" REAL NOT NULL,
    "cached_input_per_m" REAL NOT NULL,
    "output_per_m" REAL NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'seed',
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "secret" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value_encrypted" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE INDEX "account_user_id_idx" ON "account"("user_id");

-- CreateIndex
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "api_key_created_by_id_idx" ON "api_key"("created_by_id");

-- CreateIndex
CREATE INDEX "engine_functions_app_id_idx" ON "engine_functions"("app_id");

-- CreateIndex
CREATE INDEX "engine_runs_status_idx" ON "engine_runs"("status");

-- CreateIndex
CREATE INDEX "engine_runs_function_id_id_idx" ON "engine_runs"("function_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "engine_steps_run_id_step_id_key" ON "engine_steps"("run_id", "step_id");

-- CreateIndex
CREATE INDEX "engine_queue_items_run_id_idx" ON "engine_queue_items"("run_id");

-- CreateIndex
CREATE INDEX "engine_waiters_run_id_idx" ON "engine_waiters"("run_id");

-- CreateIndex
CREATE INDEX "engine_waiters_event_idx" ON "engine_waiters"("event");

-- CreateIndex
CREATE INDEX "engine_events_received_at_idx" ON "engine_events"("received_at");

-- CreateIndex
CREATE INDEX "engine_keys_expires_at_idx" ON "engine_keys"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "process_public_id_key" ON "process"("public_id");

-- CreateIndex
CREATE UNIQUE INDEX "process_slug_key" ON "process"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "process_webhook_token_key" ON "process"("webhook_token");

-- CreateIndex
CREATE UNIQUE INDEX "process_version_process_id_version_key" ON "process_version"("process_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "run_public_id_key" ON "run"("public_id");

-- CreateIndex
CREATE INDEX "run_status_created_at_idx" ON "run"("status", "created_at");

-- CreateIndex
CREATE INDEX "run_process_id_created_at_idx" ON "run"("process_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "run_process_id_idempotency_key_key" ON "run"("process_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "step_record_node_id_idx" ON "step_record"("node_id");

-- CreateIndex
CREATE UNIQUE INDEX "step_record_run_id_step_id_attempt_key" ON "step_record"("run_id", "step_id", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "escalation_public_id_key" ON "escalation"("public_id");

-- CreateIndex
CREATE INDEX "escalation_status_created_at_idx" ON "escalation"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "escalation_run_id_step_id_key" ON "escalation"("run_id", "step_id");

