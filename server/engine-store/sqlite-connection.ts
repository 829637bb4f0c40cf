/**
 * A SQLite Prisma client whose better-sqlite3 connection is captured for PrismaEngineStore's fast path.
 * Same setup as server/db/client.ts's createPrismaClient (better-sqlite3 adapter, WAL, synchronous=NORMAL,
 * 10 s busy timeout); the only difference is that the adapter's connection is handed back.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Db } from "@/server/db/client";
import { PrismaClient as SqliteClient } from "@/server/db/generated/sqlite/index.js";
import { captureSqliteConnection, type SqliteConnection } from "./prisma-engine-store";

export async function openSqliteWithConnection(databaseUrl: string): Promise<{ db: Db; connection: SqliteConnection; close(): Promise<void> }> {
  const file = databaseUrl.slice("file:".length);
  if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
  let connection: SqliteConnection | undefined;
  const adapter = captureSqliteConnection(new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 }), (c) => (connection = c));
  const db = new SqliteClient({ adapter });
  await db.$connect();
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  if (!connection) throw new Error("the better-sqlite3 adapter did not expose its connection");
  return { db, connection, close: () => db.$disconnect() };
}
