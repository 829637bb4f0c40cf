-- AlterTable
ALTER TABLE "run" ADD COLUMN     "dataset_run_id" TEXT;

-- CreateTable
CREATE TABLE "dataset" (
    "id" TEXT NOT NULL,
    "public_id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "size" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_run" (
    "id" TEXT NOT NULL,
    "public_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "repetitions" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "spend_cap_usd" DOUBLE PRECISION NOT NULL,
    "total" INTEGER NOT NULL,
    "launched" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "stop_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "dataset_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dataset_public_id_key" ON "dataset"("public_id");

-- CreateIndex
CREATE INDEX "dataset_process_id_created_at_idx" ON "dataset"("process_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_run_public_id_key" ON "dataset_run"("public_id");

-- CreateIndex
CREATE INDEX "dataset_run_process_id_created_at_idx" ON "dataset_run"("process_id", "created_at");

-- CreateIndex
CREATE INDEX "dataset_run_status_idx" ON "dataset_run"("status");

-- CreateIndex
CREATE INDEX "run_dataset_run_id_idx" ON "run"("dataset_run_id");

-- AddForeignKey
ALTER TABLE "dataset_run" ADD CONSTRAINT "dataset_run_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

