import { inngest } from "../client";

/**
 * Smoke function: proves the app is synced with the engine and steps run end to end.
 * Send `baton/system.pinged` (optionally with `{ message }`) and the run returns `{ pong }`.
 */
export const systemPing = inngest.createFunction(
  { id: "system-ping", name: "System ping", triggers: [{ event: "baton/system.pinged" }] },
  async ({ event, step }) => {
    const message = await step.run("echo", () => {
      const data = (event.data ?? {}) as { message?: unknown };
      return typeof data.message === "string" ? data.message : "pong";
    });
    return { pong: message, at: new Date().toISOString() };
  },
);
