-- AlterTable
ALTER TABLE "process" ADD COLUMN     "draft_revision" INTEGER NOT NULL DEFAULT 0;

