-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_secret" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value_encrypted" TEXT NOT NULL,
    "allowed_urls" TEXT NOT NULL DEFAULT '[]',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_secret" ("created_at", "name", "updated_at", "value_encrypted") SELECT "created_at", "name", "updated_at", "value_encrypted" FROM "secret";
DROP TABLE "secret";
ALTER TABLE "new_secret" RENAME TO "secret";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

