-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_process" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "public_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "draft" JSONB NOT NULL,
    "draft_revision" INTEGER NOT NULL DEFAULT 0,
    "webhook_token" TEXT NOT NULL,
    "cron" TEXT,
    "cron_input" JSONB,
    "archived_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_process" ("archived_at", "created_at", "cron", "cron_input", "description", "draft", "id", "name", "public_id", "slug", "updated_at", "webhook_token") SELECT "archived_at", "created_at", "cron", "cron_input", "description", "draft", "id", "name", "public_id", "slug", "updated_at", "webhook_token" FROM "process";
DROP TABLE "process";
ALTER TABLE "new_process" RENAME TO "process";
CREATE UNIQUE INDEX "process_public_id_key" ON "process"("public_id");
CREATE UNIQUE INDEX "process_slug_key" ON "process"("slug");
CREATE UNIQUE INDEX "process_webhook_token_key" ON "process"("webhook_token");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

