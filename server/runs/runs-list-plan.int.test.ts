import { expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { listPageSql } from "./runs-list-sql";

/**
 * After every migration has run, the runs list's page query is an index walk on SQLite, not a
 * scan and sort of the whole table: a migration that rebuilds the `run` table (SQLite's way to
 * add a column) once recreated the pre-keyset indexes and silently dropped the (…, created_at, id)
 * ones, so the first page sorted 100,000 runs on every request.
 */
describeEachDatabase("runs list query plan", (get) => {
  it("every list page shape walks a (…, created_at, id) index without a sort", async () => {
    const { handle } = get();
    if (handle.provider !== "sqlite") {
      // PostgreSQL: the same indexes exist by name (its planner scans tiny test tables anyway).
      const found = await handle.db.$queryRawUnsafe<Array<{ indexname: string }>>("SELECT indexname::text AS indexname FROM pg_indexes WHERE tablename = 'run' AND schemaname = current_schema()");
      expect(found.map((r) => r.indexname)).toEqual(expect.arrayContaining(["run_created_at_id_idx", "run_status_created_at_id_idx", "run_process_id_created_at_id_idx"]));
      return;
    }
    const cursor = { createdAt: new Date("2026-01-01T00:00:00Z"), id: "r1" };
    const shapes = {
      first: listPageSql({}, null, 51),
      status: listPageSql({ status: "waiting" }, null, 51),
      process: listPageSql({ process: "alpha" }, null, 11),
      deep: listPageSql({}, cursor, 51),
      processDeep: listPageSql({ process: "alpha" }, cursor, 51),
    };
    for (const [name, sql] of Object.entries(shapes)) {
      const plan = (await handle.db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql.sql}`, ...sql.values)).map((r) => r.detail);
      expect(plan.join("\n"), name).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      expect(plan.join("\n"), name).toMatch(/run_(status_|process_id_)?created_at_id_idx/);
    }
  });
});
