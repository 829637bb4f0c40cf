import { systemPing } from "./system-ping";

/** Every function served at /api/inngest. The process function factory adds published processes later. */
export const functions = [systemPing];
