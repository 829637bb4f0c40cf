import { Inngest } from "inngest";
import { embeddedEngineUrl, type Env } from "@/server/env";
import { engineAwareFetch } from "./engine-fetch";
import { httpFetch } from "./http-fetch";

/**
 * Baton's Inngest client. Always cloud mode (signatures verified): in embedded mode it talks to
 * Baton's own engine with the keys the host generated at first start; in external mode the
 * INNGEST_* variables point it at Inngest Cloud or a self-hosted Inngest. App code is identical.
 * External mode over plain http (the standalone engine, a self-hosted Inngest on a private network) sends
 * through `httpFetch` (node:http with keep-alive, ~3× cheaper per request than the global fetch); https goes
 * to the global fetch.
 */
export function createInngestClient(e: Env) {
  return new Inngest({
    id: "baton",
    isDev: false,
    baseUrl: e.BATON_ENGINE === "embedded" ? embeddedEngineUrl(e) : e.INNGEST_BASE_URL,
    signingKey: e.INNGEST_SIGNING_KEY,
    signingKeyFallback: e.INNGEST_SIGNING_KEY_FALLBACK,
    eventKey: e.INNGEST_EVENT_KEY,
    checkpointing: e.BATON_ENGINE_CHECKPOINTING,
    fetch: e.BATON_ENGINE === "embedded" ? engineAwareFetch : httpFetch(),
  });
}
