import type { Db } from "@/server/db/client";
import { buildRegistry, type BuildOptions, type ProviderRegistry } from "@/server/providers/registry";
import { loadProviderSettings } from "@/server/settings/settings.service";
import type { EventSender } from "./events";

/**
 * What process functions need at run time, passed in (never read from env here): the database,
 * the instance secret that opens provider keys and stored secrets, the event sender, and test
 * knobs (simulator latency scale, injected failures, fetch).
 */
export interface RuntimeDeps {
  db: Db;
  events: EventSender;
  masterKey?: string;
  /** Providers built from settings; cached while the settings are unchanged (simulator failure counters live there). */
  registry(): Promise<ProviderRegistry>;
  /** Multiplies simulated latency (model and tool simulators); 0 in tests. */
  latencyScale: number;
  fetch: typeof fetch;
  now(): number;
  /** BATON_MAX_RUN_INPUT_BYTES; the default when absent. */
  maxRunInputBytes?: number;
}

export interface RuntimeDepsOptions {
  db: Db;
  events: EventSender;
  masterKey?: string;
  latencyScale?: number;
  fetch?: typeof fetch;
  providerOptions?: BuildOptions;
  maxRunInputBytes?: number;
}

export function createRuntimeDeps(opts: RuntimeDepsOptions): RuntimeDeps {
  let cached: { key: string; registry: ProviderRegistry } | undefined;
  return {
    db: opts.db,
    events: opts.events,
    masterKey: opts.masterKey,
    latencyScale: opts.latencyScale ?? 1,
    fetch: opts.fetch ?? fetch,
    maxRunInputBytes: opts.maxRunInputBytes,
    now: () => Date.now(),
    async registry() {
      const settings = await loadProviderSettings(opts.db, { masterKey: opts.masterKey });
      const key = JSON.stringify(settings);
      if (cached?.key !== key) {
        cached = {
          key,
          registry: buildRegistry(settings, { latencyScale: opts.latencyScale, ...opts.providerOptions }),
        };
      }
      return cached.registry;
    },
  };
}
