import "server-only";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { createInngestClient } from "./inngest-client";
import { createRuntimeDeps, type RuntimeDeps } from "./runtime-deps";

/**
 * The app's runtime wiring, one per process (globalThis: the Next.js route bundles and the host
 * share it): the database, the Inngest client as event sender, and the process functions' deps.
 */
const g = globalThis as unknown as { __batonInngest?: ReturnType<typeof createInngestClient>; __batonRuntime?: Promise<RuntimeDeps> };

export function getInngestClient() {
  g.__batonInngest ??= createInngestClient(env);
  return g.__batonInngest;
}

export function getRuntime(): Promise<RuntimeDeps> {
  g.__batonRuntime ??= getDb().then((db) => createRuntimeDeps({ db, events: getInngestClient(), masterKey: env.BATON_MASTER_KEY, maxRunInputBytes: env.BATON_MAX_RUN_INPUT_BYTES }));
  return g.__batonRuntime;
}
