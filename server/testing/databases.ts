/**
 * Real databases for integration tests: a fresh SQLite file, and a fresh schema in the local
 * PostgreSQL (`BATON_TEST_PG_URL`, default postgresql://postgres@127.0.0.1:5432/test).
 * Without a reachable PostgreSQL the PostgreSQL half reports itself skipped with the reason,
 * except under CI=true, where it fails: CI must exercise both.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, beforeAll, afterAll } from "vitest";
import { openDatabase, type DbHandle, type DbProvider } from "@/server/db/client";
import { migrate } from "@/scripts/db.mjs";

export const PG_BASE_URL = process.env.BATON_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export async function postgresStatus(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: PG_BASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `PostgreSQL not reachable at ${PG_BASE_URL}: ${(e as Error).message}` };
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  provider: DbProvider;
  url: string;
  handle: DbHandle;
  drop(): Promise<void>;
}

/** Creates an empty, migrated database of the given kind. */
export async function createTestDatabase(provider: DbProvider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "baton-test-"));
    const url = `file:${join(dir, "baton.db")}`;
    await migrate(url, { log: () => {} });
    const handle = await openDatabase(url);
    return {
      provider, url, handle,
      async drop() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const u = new URL(PG_BASE_URL);
  u.searchParams.set("schema", schema);
  const url = u.toString();
  await migrate(url, { log: () => {} });
  const handle = await openDatabase(url);
  return {
    provider, url, handle,
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_BASE_URL });
      await c.connect();
      try {
        // A session the test left open inside a transaction (or still running a query) on this schema would
        // make the drop wait for it for ever: end such sessions first, and say so, since it is a leak.
        const ended = await c.query(
          `SELECT DISTINCT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_class k ON k.oid = l.relation
            JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = $1 AND l.pid <> pg_backend_pid()`,
          [schema],
        );
        if (ended.rowCount) console.warn(`test database ${schema}: ended ${ended.rowCount} session(s) still holding locks before dropping it`);
        // A leaked session that locks a table mid-drop makes PostgreSQL abort the drop as a deadlock: again.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== "40P01" || attempt >= 5) throw e;
            await new Promise((r) => setTimeout(r, 200 * attempt));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

const pgStatus = await postgresStatus();

/**
 * Runs the same suite against SQLite and PostgreSQL. `get()` returns the live database inside
 * tests. The PostgreSQL suite is skipped (with the reason printed) only outside CI.
 */
export function describeEachDatabase(name: string, suite: (get: () => TestDatabase) => void) {
  for (const provider of ["sqlite", "postgres"] as const) {
    const unavailable = provider === "postgres" && !pgStatus.ok ? pgStatus.reason : undefined;
    if (unavailable && process.env.CI !== "true") {
      // The real tests are registered, so they are reported as skipped under this reason.
      describe.skip(`${name} [${provider}] — skipped: ${unavailable}`, () => {
        suite(() => {
          throw new Error(unavailable);
        });
      });
      continue;
    }
    describe(`${name} [${provider}]`, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        if (unavailable) throw new Error(`CI=true requires PostgreSQL: ${unavailable}`);
        db = await createTestDatabase(provider);
      });
      afterAll(async () => {
        await db?.drop();
      });
      suite(() => {
        if (!db) throw new Error("test database not ready");
        return db;
      });
    });
  }
}
