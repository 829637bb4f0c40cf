-- AlterTable
ALTER TABLE "process" ADD COLUMN     "test_input" JSONB,
ADD COLUMN     "test_pins" JSONB;

-- AlterTable
ALTER TABLE "process_version" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'published';

-- AlterTable
ALTER TABLE "run" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'run';

