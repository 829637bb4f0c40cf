import { Worker } from "node:worker_threads";
import { join } from "node:path";
import type { Db } from "@/server/db/client";

/**
 * On SQLite every query runs synchronously on the thread that runs it, and the embedded engine shares
 * the main thread with the web server: a 1 s aggregate would stall every running process for 1 s. So
 * analytics reads go to one worker thread per database file, with its own read-only connection
 * (sqlite-read-worker.mjs); the main thread only posts the SQL and awaits the rows. In-memory
 * databases (no file) and BATON_ANALYTICS_WORKER=0 read on the main thread.
 */
export interface Reader {
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
}

const readers = new WeakMap<object, Promise<Reader | null>>();

export function sqliteReader(db: Db): Promise<Reader | null> {
  let r = readers.get(db);
  if (!r) {
    r = open(db).catch(() => null);
    readers.set(db, r);
  }
  return r;
}

/** The adapter's DateTime text (ISO 8601 with "+00:00"), so comparisons with stored values hold. */
const param = (v: unknown) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v);

async function open(db: Db): Promise<Reader | null> {
  if (process.env.BATON_ANALYTICS_WORKER === "0") return null;
  const list = await db.$queryRawUnsafe<Array<{ name: string; file: string }>>("PRAGMA database_list");
  const file = list.find((d) => d.name === "main")?.file;
  if (!file) return null;
  // A path computed at run time, so the Next.js bundler leaves the worker script where it is.
  const worker = new Worker(join(process.cwd(), "server", "analytics", "sqlite-read-worker.mjs"), { workerData: { file } });
  worker.unref();
  const pending = new Map<number, { resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  const settle = () => (pending.size ? worker.ref() : worker.unref());
  worker.on("message", (m: { id: number; rows?: Record<string, unknown>[]; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    settle();
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.rows ?? []);
  });
  worker.on("error", (e) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    readers.delete(db);
  });
  return {
    query: (sql, params) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        settle();
        worker.postMessage({ id, sql, params: params.map(param) });
      }),
  };
}
