/**
 * A SQLite database handle together with the better-sqlite3 connection Prisma's adapter opened, for
 * PrismaEngineStore's fast path (tests, crash host and bench; the host uses openDatabase directly).
 */
import { openDatabase, type Db, type SqliteConnection } from "@/server/db/client";

export async function openSqliteWithConnection(databaseUrl: string): Promise<{ db: Db; connection: SqliteConnection; close(): Promise<void> }> {
  const handle = await openDatabase(databaseUrl);
  if (!handle.sqliteConnection) throw new Error("the better-sqlite3 adapter did not expose its connection");
  return { db: handle.db, connection: handle.sqliteConnection, close: handle.close };
}
