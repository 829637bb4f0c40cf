// Analytics reads on SQLite, off the main thread (server/analytics/sqlite-reader.ts): a read-only
// better-sqlite3 connection to the same file. Under WAL it reads the last committed state while the
// engine keeps writing on the main thread, whose event loop no longer waits for these queries.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const statements = new Map();

parentPort.on("message", ({ id, sql, params }) => {
  try {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      // The connection is read-only anyway; say so plainly instead of SQLite's generic error.
      if (!stmt.reader) throw new Error("The analytics reader runs only queries that return rows (read-only connection).");
      if (statements.size > 200) statements.clear();
      statements.set(sql, stmt);
    }
    parentPort.postMessage({ id, rows: stmt.all(...params) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
