-- AlterTable
ALTER TABLE "secret" ADD COLUMN     "allowed_urls" TEXT NOT NULL DEFAULT '[]';

