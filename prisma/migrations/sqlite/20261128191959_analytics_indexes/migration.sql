-- CreateIndex
CREATE INDEX "run_process_id_version_id_created_at_idx" ON "run"("process_id", "version_id", "created_at");

-- CreateIndex
CREATE INDEX "step_record_run_id_node_id_idx" ON "step_record"("run_id", "node_id");

