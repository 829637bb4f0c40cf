import "server-only";
import { serve } from "inngest/next";
import { listPublishedVersions, listSchedules, publishedVersionsKey } from "@/server/processes/processes.service";
import { inngest } from "./client";
import { functions } from "./functions";
import { createProcessFunctions } from "./functions/process-functions";
import { getRuntime } from "@/server/runtime/app-runtime";
import { withSignedSync } from "@/server/runtime/sync-signature";
import { env } from "@/server/env";

type Handlers = Pick<ReturnType<typeof serve>, "GET" | "POST" | "PUT">;

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
    const handlers = serve({ client: inngest, functions: [...functions, ...createProcessFunctions(inngest, versions, deps, await listSchedules(deps.db))] });
    // The SDK verifies only in-band syncs; an unsigned out-of-band PUT would re-sync on anyone's request.
    g.__batonServe = { key, handlers: withSignedSync(handlers, [env.INNGEST_SIGNING_KEY, env.INNGEST_SIGNING_KEY_FALLBACK]) };
  }
  return g.__batonServe.handlers;
}
