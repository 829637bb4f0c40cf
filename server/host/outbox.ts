import type { Db } from "@/server/db/client";
import type { Env } from "@/server/env";
import { createInngestClient } from "@/server/runtime/inngest-client";
import { OutboxDispatcher, registerOutbox } from "@/server/outbox/outbox";

/**
 * The host's outbox dispatcher: registered before the app serves its first request (so every
 * service's after-commit delivery uses it), started once the engine knows the app's functions (so
 * events a killed process left undelivered reach the engine now, not never), then retrying with
 * backoff. It sends with its own Inngest client built from the final configuration: in embedded
 * mode through the engine's in-process routes, in external mode to INNGEST_BASE_URL / Inngest Cloud.
 */
export function createHostOutbox(db: Db, config: Env, log: (msg: string) => void): OutboxDispatcher {
  const dispatcher = new OutboxDispatcher(db, createInngestClient(config), { log });
  registerOutbox(dispatcher);
  return dispatcher;
}
