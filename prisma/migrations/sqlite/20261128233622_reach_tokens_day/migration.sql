-- CreateTable
CREATE TABLE "analytics_reach_tokens_day" (
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "day" DATETIME NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("process_id", "day", "version_id", "node_id", "metric", "bucket")
);

