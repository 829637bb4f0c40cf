-- AlterTable
ALTER TABLE "model_price" ADD COLUMN     "as_of" TEXT,
ADD COLUMN     "source_url" TEXT;

