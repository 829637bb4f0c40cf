/**
 * The committed migrations must build exactly the schema the Prisma models describe. Migrations are
 * made in parallel as schema-to-schema diffs, and SQLite changes a table by rebuilding it from the
 * schema its migration was generated against: a rebuild written before another branch's index landed
 * silently drops that index (it happened to the runs list's keyset indexes). So: apply every
 * migration to one fresh database, create the models' schema in one step in another, and compare
 * their tables, columns and indexes. On SQLite and PostgreSQL.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate } from "@/scripts/db.mjs";
import { PG_BASE_URL, postgresStatus } from "@/server/testing/databases";

const root = resolve(import.meta.dirname, "../..");
const pgStatus = await postgresStatus();

/** The models' whole schema as one script (`prisma migrate diff` from empty; no database involved). */
function schemaScript(provider: "sqlite" | "postgres"): string {
  return execFileSync(
    process.execPath,
    [join(root, "node_modules/prisma/build/index.js"), "migrate", "diff", "--from-empty", "--to-schema-datamodel", join(root, "prisma/generated", provider, "schema.prisma"), "--script"],
    { cwd: root, env: { ...process.env, BATON_PRISMA_PROVIDER: provider, DATABASE_URL: provider === "postgres" ? PG_BASE_URL : "file::memory:" } },
  ).toString();
}

type Shape = { columns: string[]; indexes: string[] };

function sqliteShape(db: Database.Database): Shape {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_baton_migrations' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
  const columns: string[] = [];
  const indexes: string[] = [];
  for (const t of tables) {
    for (const c of db.prepare(`PRAGMA table_info("${t}")`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>) {
      columns.push(`${t}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
    }
    for (const fk of db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as Array<{ table: string; from: string; to: string; on_delete: string }>) {
      columns.push(`${t}.${fk.from} → ${fk.table}.${fk.to} on delete ${fk.on_delete}`);
    }
    for (const ix of db.prepare(`PRAGMA index_list("${t}")`).all() as Array<{ name: string; unique: number; origin: string }>) {
      const cols = (db.prepare(`PRAGMA index_info("${ix.name}")`).all() as Array<{ name: string }>).map((c) => c.name).join(", ");
      // Autoindexes (a primary key's) have no stable name; identify them by their columns.
      indexes.push(`${t}(${cols}) unique=${ix.unique} ${ix.origin === "pk" ? "pk" : ix.name}`);
    }
  }
  return { columns: columns.sort(), indexes: indexes.sort() };
}

async function pgShape(client: pg.Client, schema: string): Promise<Shape> {
  const cols = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
      WHERE table_schema = $1 AND table_name <> '_baton_migrations'`,
    [schema],
  );
  const idx = await client.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> '_baton_migrations'`, [schema]);
  const fks = await client.query(
    `SELECT conrelid::regclass::text AS t, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = $1::regnamespace AND contype = 'f'`,
    [schema],
  );
  const strip = (s: string) => s.replaceAll(`"${schema}".`, "").replaceAll(`${schema}.`, "");
  return {
    columns: [
      ...cols.rows.map((c) => `${c.table_name}.${c.column_name} ${c.data_type} nullable=${c.is_nullable} default=${c.column_default}`),
      ...fks.rows.map((f) => `${strip(f.t)} ${strip(f.def)}`),
    ].sort(),
    indexes: idx.rows.map((i) => strip(i.indexdef)).sort(),
  };
}

describe("migrations build the models' schema [sqlite]", () => {
  it("has the same tables, columns, foreign keys and indexes as the schema created in one step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-drift-"));
    try {
      await migrate(`file:${join(dir, "migrated.db")}`, { log: () => {} });
      const migrated = new Database(join(dir, "migrated.db"), { readonly: true });
      const direct = new Database(join(dir, "direct.db"));
      direct.exec(schemaScript("sqlite"));
      try {
        const want = sqliteShape(direct);
        expect(want.indexes.length).toBeGreaterThan(10);
        expect(sqliteShape(migrated)).toEqual(want);
      } finally {
        migrated.close();
        direct.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const skipPg = !pgStatus.ok && process.env.CI !== "true";
(skipPg ? describe.skip : describe)(`migrations build the models' schema [postgres]${skipPg && !pgStatus.ok ? ` — skipped: ${pgStatus.reason}` : ""}`, () => {
  it("has the same tables, columns, foreign keys and indexes as the schema created in one step", async () => {
    const tag = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const migratedSchema = `drift_m_${tag}`;
    const directSchema = `drift_d_${tag}`;
    const u = new URL(PG_BASE_URL);
    u.searchParams.set("schema", migratedSchema);
    await migrate(u.toString(), { log: () => {} });
    const client = new pg.Client({ connectionString: PG_BASE_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${directSchema}"`);
      await client.query(`SET search_path TO "${directSchema}"`);
      await client.query(schemaScript("postgres"));
      await client.query("SET search_path TO public");
      const want = await pgShape(client, directSchema);
      expect(want.indexes.length).toBeGreaterThan(10);
      expect(await pgShape(client, migratedSchema)).toEqual(want);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${migratedSchema}" CASCADE`).catch(() => {});
      await client.query(`DROP SCHEMA IF EXISTS "${directSchema}" CASCADE`).catch(() => {});
      await client.end();
    }
  }, 120_000);
});
