import type { FunctionConfig } from "./store/types.js";

/**
 * SDK features the embedded engine deliberately leaves out and that are visible at sync. A function relying on
 * one is refused with the reason (the whole sync fails; the app keeps its previous functions) rather than being
 * registered and silently never run. (Connect workers never sync over HTTP and durable endpoints do not sync at
 * all: their API calls are refused by http.ts; their ops at run time by call-dispatch.ts.)
 */
export function refusedAtSync(cfg: FunctionConfig): string[] {
  // createDefer() functions are triggered by the SDK's internal deferred-schedule event, which this engine never emits.
  if ((cfg.triggers ?? []).some((t) => t.event === DEFERRED_SCHEDULE_EVENT))
    return [
      `function ${cfg.id} is a deferred function (createDefer, experimental), which the embedded engine does not support; use a normal function triggered by an event, or run this app on Inngest`,
    ];
  return [];
}

const DEFERRED_SCHEDULE_EVENT = "inngest/deferred.schedule";
