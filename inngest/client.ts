import { Inngest } from "inngest";
import { env } from "@/server/env";

/**
 * Baton's Inngest client. Always cloud mode (signatures verified): in embedded mode it talks to
 * Baton's own engine with the keys the host generated at first start; in external mode the
 * INNGEST_* variables point it at Inngest Cloud or a self-hosted Inngest. App code is identical.
 */
function engineBaseUrl(): string | undefined {
  if (env.BATON_ENGINE === "embedded") return `http://127.0.0.1:${env.BATON_ENGINE_PORT}`;
  return env.INNGEST_BASE_URL;
}

export const inngest = new Inngest({
  id: "baton",
  isDev: false,
  baseUrl: engineBaseUrl(),
  signingKey: env.INNGEST_SIGNING_KEY,
  signingKeyFallback: env.INNGEST_SIGNING_KEY_FALLBACK,
  eventKey: env.INNGEST_EVENT_KEY,
  checkpointing: env.BATON_ENGINE_CHECKPOINTING,
});
