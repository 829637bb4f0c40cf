import "server-only";
import { env } from "@/server/env";
import { openDatabase, type DbHandle } from "./client";

/**
 * One database handle per process. The Next server bundle and the host process can load this
 * module twice, so the handle lives on globalThis and both share one connection pool.
 */
const g = globalThis as unknown as { __batonDb?: Promise<DbHandle> };

export function getDatabase(): Promise<DbHandle> {
  g.__batonDb ??= openDatabase(env.DATABASE_URL);
  return g.__batonDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}
