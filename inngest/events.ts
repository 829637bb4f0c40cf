/**
 * The event registry: every event Baton sends or listens to, named `domain/object.past-verb`,
 * with its zod data schema. Names live in core (plans embed them).
 */
export { BatonEvents } from "@/core";
export { RunRequestedData, RunCancelRequestedData } from "@/server/runtime/run-events";
export const SystemEvents = { pinged: "baton/system.pinged" } as const;
