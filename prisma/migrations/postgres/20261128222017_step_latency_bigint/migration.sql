-- AlterTable
ALTER TABLE "step_record" ALTER COLUMN "latency_ms" SET DATA TYPE BIGINT;

