import { z } from "zod";

/** `baton/run.requested`: one per run, filtered by the version's function on process + version. */
export const RunRequestedData = z.object({
  /** run_… public id: the interpreter's run id, escalation ids and the cancelOn match key. */
  runId: z.string(),
  runDbId: z.string(),
  process: z.string(),
  /** Negative for a test version (the designer's test run of a draft). */
  version: z.number().int(),
  input: z.unknown(),
  idempotencyKey: z.string().optional(),
  /** A rerun: reuse the earlier run's results for the steps before `fromNodeId`. */
  rerunOf: z.object({ runDbId: z.string(), fromNodeId: z.string() }).optional(),
  /** Test runs only: node id → pinned output, returned instead of calling that step. */
  pinned: z.record(z.string(), z.unknown()).optional(),
  /** Dataset runs on the simulator: every model call (and tool call with a contract) is answered offline, priced as the named model. */
  simulate: z.boolean().optional(),
  /** Dataset runs: the dataset_run.id to pace (launch the next runs) when this one ends. */
  datasetRunId: z.string().optional(),
});

/** `baton/test-run.requested`: a designer test run of a draft, served by the one `baton-test-run` function. */
export const TEST_RUN_REQUESTED = "baton/test-run.requested";
export type RunRequestedData = z.infer<typeof RunRequestedData>;

/** `baton/run.cancel-requested`: matched by every version's cancelOn rule on `data.runId`. */
export const RunCancelRequestedData = z.object({ runId: z.string() });
