-- CreateTable
CREATE TABLE "analytics_execution" (
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "non_repair" INTEGER NOT NULL,
    "repairs" INTEGER NOT NULL,
    "models" INTEGER NOT NULL,
    "model_keys" INTEGER NOT NULL,
    "ok" INTEGER NOT NULL,
    "bad" INTEGER NOT NULL,

    PRIMARY KEY ("run_id", "step_id")
);

-- CreateTable
CREATE TABLE "analytics_node_hour" (
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "executions" INTEGER NOT NULL DEFAULT 0,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errored" INTEGER NOT NULL DEFAULT 0,
    "retried" INTEGER NOT NULL DEFAULT 0,
    "fell_back" INTEGER NOT NULL DEFAULT 0,
    "repaired" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" REAL NOT NULL DEFAULT 0,
    "input_tokens" REAL NOT NULL DEFAULT 0,
    "cached_tokens" REAL NOT NULL DEFAULT 0,
    "output_tokens" REAL NOT NULL DEFAULT 0,
    "unpriced" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("process_id", "hour", "version_id", "node_id")
);

-- CreateTable
CREATE TABLE "analytics_model_hour" (
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "provider" TEXT,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" REAL NOT NULL DEFAULT 0,
    "input_tokens" REAL NOT NULL DEFAULT 0,
    "cached_tokens" REAL NOT NULL DEFAULT 0,
    "output_tokens" REAL NOT NULL DEFAULT 0,
    "unpriced" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("process_id", "hour", "version_id", "node_id", "model")
);

-- CreateTable
CREATE TABLE "analytics_latency_hour" (
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "bucket" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("process_id", "hour", "version_id", "node_id", "bucket")
);

-- CreateTable
CREATE TABLE "analytics_run_node" (
    "run_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "input_tokens" INTEGER NOT NULL,
    "cached_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,

    PRIMARY KEY ("run_id", "node_id")
);

-- CreateTable
CREATE TABLE "analytics_reach_tokens_hour" (
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("process_id", "hour", "version_id", "node_id", "metric", "bucket")
);

-- CreateIndex
CREATE INDEX "analytics_execution_run_id_node_id_idx" ON "analytics_execution"("run_id", "node_id");

