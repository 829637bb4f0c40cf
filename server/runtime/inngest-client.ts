import { Inngest } from "inngest";
import { embeddedEngineUrl, type Env } from "@/server/env";
import { engineAwareFetch } from "./engine-fetch";

/**
 * Baton's Inngest client. Always cloud mode (signatures verified): in embedded mode it talks to
 * Baton's own engine with the keys the host generated at first start; in external mode the
 * INNGEST_* variables point it at Inngest Cloud or a self-hosted Inngest. App code is identical.
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
    ...(e.BATON_ENGINE === "embedded" ? { fetch: engineAwareFetch } : {}),
  });
}
