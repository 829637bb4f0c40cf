import { getInngestClient } from "@/server/runtime/app-runtime";

/** Baton's Inngest client (configuration in server/runtime/inngest-client.ts; one instance per process). */
export const inngest = getInngestClient();
