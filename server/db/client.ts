import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/index.js";
import { PrismaClient as PostgresClient } from "./generated/postgres/index.js";

/**
 * Both generated clients have the same model API (they come from the same model files,
 * see scripts/db.mjs), so the rest of the code uses one type.
 */
export type Db = SqliteClient;
export type DbProvider = "sqlite" | "postgres";
export type { Prisma } from "./generated/sqlite/index.js";

export function providerOf(databaseUrl: string): DbProvider {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return "postgres";
  if (databaseUrl.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${databaseUrl.split(":")[0]}:…"`,
  );
}

export interface DbHandle {
  db: Db;
  provider: DbProvider;
  /** SQLite only: the better-sqlite3 connection Prisma's adapter opened (the engine store's fast path). */
  sqliteConnection?: SqliteConnection;
  close(): Promise<void>;
}

/** The part of a better-sqlite3 connection the engine store's fast path uses. */
export interface SqliteConnection {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  readonly inTransaction: boolean;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

/**
 * Wraps a driver-adapter factory so the better-sqlite3 connection it opens is handed to
 * `onConnection`. No second connection is ever opened: the engine store writes through Prisma's own.
 * Other adapters pass through untouched.
 */
export function captureSqliteConnection<F extends { connect(): Promise<unknown> }>(factory: F, onConnection: (c: SqliteConnection) => void): F {
  const connect = factory.connect.bind(factory);
  return Object.assign(Object.create(factory) as F, {
    async connect() {
      const adapter = await connect();
      const client = (adapter as { client?: unknown }).client;
      if (client && typeof (client as SqliteConnection).prepare === "function" && "inTransaction" in (client as object))
        onConnection(client as SqliteConnection);
      return adapter;
    },
  });
}

/**
 * A Prisma client over the matching driver adapter. SQLite files get WAL + a busy timeout
 * (the pragmas are queued first, so they run before any query of the caller).
 */
export function createPrismaClient(databaseUrl: string, onSqliteConnection?: (c: SqliteConnection) => void): Db {
  const provider = providerOf(databaseUrl);
  if (provider === "sqlite") {
    const file = databaseUrl.slice("file:".length);
    if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
    const factory = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 });
    const db = new SqliteClient({ adapter: onSqliteConnection ? captureSqliteConnection(factory, onSqliteConnection) : factory });
    // WAL lets the web server and the engine read while the other writes; NORMAL sync is safe under WAL.
    void db.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => {});
    void db.$queryRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => {});
    return db;
  }
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") ?? undefined;
  url.searchParams.delete("schema");
  // We own the pool (the adapter disposes it on $disconnect) so the engine store can send its hot writes as one
  // round trip on it (server/engine-store/pg-fast-path.ts) without opening a second pool.
  // search_path too, so raw SQL (analytics aggregates) resolves unqualified tables in the same schema.
  const options = schema ? { options: `-c search_path="${schema.replace(/"/g, '""')}"` } : {};
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10, ...options });
  const pipeline = pipelinedConnection(url.toString());
  // Prisma's $disconnect ends the pool (disposeExternalPool); the store's connection goes with it.
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    await pipeline.close();
    return end();
  }) as typeof pool.end;
  const client = new PostgresClient({
    adapter: new PrismaPg(pool, { ...(schema ? { schema } : {}), disposeExternalPool: true }),
  });
  pgChannels.set(client, { pool, pipeline });
  return client as unknown as Db;
}

/** One pipelined connection (queries are written without waiting for earlier answers; answered in order). */
export interface PgPipeline {
  query(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

function pipelinedConnection(connectionString: string): PgPipeline {
  let current: Promise<pg.Client> | undefined;
  const open = () => {
    const c = new pg.Client({ connectionString, pipeline: true } as pg.ClientConfig);
    // A broken connection is replaced on the next query; its pending queries fail (the engine logs them).
    c.on("error", () => {
      if (current && opened === c) current = undefined;
    });
    const opened = c;
    return c.connect().then(() => c, (e: unknown) => {
      current = undefined;
      throw e;
    });
  };
  return {
    async query(sql) {
      current ??= open();
      return (await current).query(sql);
    },
    async close() {
      const c = current;
      current = undefined;
      if (c) await (await c.catch(() => undefined))?.end().catch(() => {});
    },
  };
}

const pgChannels = new WeakMap<object, { pool: pg.Pool; pipeline: PgPipeline }>();

/** PostgreSQL: the pool Prisma's adapter uses and the engine store's pipelined connection (undefined for SQLite). */
export function pgChannelsOf(db: Db): { pool: pg.Pool; pipeline: PgPipeline } | undefined {
  return pgChannels.get(db);
}

export async function openDatabase(databaseUrl: string): Promise<DbHandle> {
  const provider = providerOf(databaseUrl);
  let sqliteConnection: SqliteConnection | undefined;
  const db = createPrismaClient(databaseUrl, (c) => (sqliteConnection = c));
  await db.$connect();
  if (provider === "sqlite") await db.$queryRawUnsafe("SELECT 1"); // make sure the adapter has connected
  return { db, provider, sqliteConnection, close: () => db.$disconnect() };
}

/** Cheap liveness probe used by /api/health. */
export async function checkDatabase(
  handle: Pick<DbHandle, "db" | "provider">,
): Promise<{ ok: true; provider: DbProvider; latencyMs: number } | { ok: false; provider: DbProvider; error: string }> {
  const started = performance.now();
  try {
    await handle.db.$queryRawUnsafe("SELECT 1");
    return { ok: true, provider: handle.provider, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (e) {
    return { ok: false, provider: handle.provider, error: e instanceof Error ? e.message.split("\n")[0]! : String(e) };
  }
}
