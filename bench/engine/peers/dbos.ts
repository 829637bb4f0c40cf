/**
 * Peer: DBOS Transact (`@dbos-inc/dbos-sdk`), durable workflows on PostgreSQL, the same shape as the engine bench:
 * a workflow of N trivial sequential `DBOS.runStep`s. DBOS records the workflow in `workflow_status` and commits one
 * `operation_outputs` row per step before the next step starts (its checkpoint), in its own system database.
 *
 * Two durability settings: `sync` is DBOS as shipped (every commit waits for PostgreSQL's WAL flush); `async` runs
 * its connections with `synchronous_commit = off`, the setting the engine's PostgreSQL fast path uses for its own
 * batches (pg-fast-path.ts), so that pair compares like with like.
 */
import { DBOS } from "@dbos-inc/dbos-sdk";
import { timed, type Shape, type ShapeResult } from "./shape";

let workflow: ((n: number) => Promise<number>) | undefined;

/** DBOS is a process-wide singleton: launch it once on `url` (a database it may fill), run shapes, then `stopDbos`. */
export async function startDbos(url: string, commit: "sync" | "async"): Promise<void> {
  const u = new URL(url);
  if (commit === "async") u.searchParams.set("options", "-c synchronous_commit=off");
  DBOS.setConfig({ name: "baton-bench", systemDatabaseUrl: u.toString(), runAdminServer: false, logLevel: "error" } as Parameters<typeof DBOS.setConfig>[0]);
  if (!workflow) {
    workflow = DBOS.registerWorkflow(
      async (n: number) => {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += await DBOS.runStep(async () => i, { name: `s${i}` });
        return acc;
      },
      { name: "steps" },
    );
  }
  await DBOS.launch();
}

export async function stopDbos(): Promise<void> {
  await DBOS.shutdown();
}

export async function runDbos(shape: Shape): Promise<ShapeResult> {
  const wf = workflow!;
  const expected = (shape.steps * (shape.steps - 1)) / 2;
  const one = async () => {
    const acc = await wf(shape.steps);
    if (acc !== expected) throw new Error(`dbos workflow returned ${acc}, expected ${expected}`);
  };
  const { ms, cpuMs } = await timed(async () => {
    for (let r = 0; r < shape.repeat; r++) await Promise.all(Array.from({ length: shape.runs }, one));
  });
  return { ms, cpuMs, steps: shape.steps * shape.runs * shape.repeat };
}
