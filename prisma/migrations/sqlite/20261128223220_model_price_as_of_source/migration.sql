-- AlterTable
ALTER TABLE "model_price" ADD COLUMN "as_of" TEXT;
ALTER TABLE "model_price" ADD COLUMN "source_url" TEXT;

