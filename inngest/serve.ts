import "server-only";
import { serve } from "inngest/next";
import { listPublishedVersions, listSchedules, publishedVersionsKey } from "@/server/processes/processes.service";
import { inngest } from "./client";
import { functions } from "./functions";
import { createProcessFunctions } from "./functions/process-functions";
import { getRuntime } from "@/server/runtime/app-runtime";

type Handlers = ReturnType<typeof serve>;

const g = globalThis as unknown as { __batonServe?: { key: string; handlers: Handlers } };

/**
 * The serve handler for /api/inngest: the static functions plus one function per published
 * version in the database. Rebuilt when the set of versions changes (a publish), so the next
 * sync — which the publish triggers — registers the new function without a redeploy.
 */
export async function getServeHandlers(): Promise<Handlers> {
  const deps = await getRuntime();
  const key = await publishedVersionsKey(deps.db);
  if (g.__batonServe?.key !== key) {
    const versions = await listPublishedVersions(deps.db);
    g.__batonServe = { key, handlers: serve({ client: inngest, functions: [...functions, ...createProcessFunctions(inngest, versions, deps, await listSchedules(deps.db))] }) };
  }
  return g.__batonServe.handlers;
}
