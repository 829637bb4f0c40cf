import { Inngest } from "inngest";
import { env } from "@/server/env";

/**
 * Baton's Inngest client. Embedded mode: cloud mode (signatures verified) against Baton's own
 * engine, with the keys the host generated at first start. External mode: the INNGEST_* variables
 * point it at Inngest Cloud or a self-hosted Inngest. App code is identical either way.
 */
const embedded = env.BATON_ENGINE === "embedded";
const baseUrl = embedded ? `http://127.0.0.1:${env.BATON_ENGINE_PORT}` : env.INNGEST_BASE_URL;

export const inngest = new Inngest({
  id: "baton",
  // Embedded: always cloud mode, so our engine's signatures are verified. External: undefined lets
  // INNGEST_DEV pick dev mode for a local Inngest dev server.
  isDev: embedded ? false : undefined,
  baseUrl,
  signingKey: env.INNGEST_SIGNING_KEY,
  signingKeyFallback: env.INNGEST_SIGNING_KEY_FALLBACK,
  eventKey: env.INNGEST_EVENT_KEY,
  checkpointing: env.BATON_ENGINE_CHECKPOINTING,
});
