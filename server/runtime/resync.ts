import { signSyncRequest } from "./sync-signature";

/**
 * After a publish the engine must learn about the new function version without a redeploy.
 * The host registers how (embedded: `engine.syncApp`; external: a PUT to our own /api/inngest);
 * services call `requestResync()`. The callback lives on globalThis because the host process and
 * the Next.js server bundle load this module separately.
 */
type Resync = () => Promise<void>;

const g = globalThis as unknown as { __batonResync?: Resync };

export function registerResync(fn: Resync | undefined): void {
  g.__batonResync = fn;
}

/** Re-syncs the engine when a callback is registered; never throws (a failed sync is logged by the host and retried on the next publish or start). */
export async function requestResync(): Promise<{ synced: boolean; error?: string }> {
  const fn = g.__batonResync;
  if (!fn) return { synced: false };
  try {
    await fn();
    return { synced: true };
  } catch (e) {
    return { synced: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The external-engine resync: a PUT to our own serve endpoint makes the SDK register its functions.
 * Signed with the signing key, because /api/inngest refuses unsigned PUTs (sync-signature.ts).
 */
export function resyncByPut(serveUrl: string, signingKey: string, fetchImpl: typeof fetch = fetch): Resync {
  return async () => {
    const res = await fetchImpl(serveUrl, { method: "PUT", headers: { "x-inngest-signature": signSyncRequest("", signingKey) } });
    if (!res.ok) throw new Error(`PUT ${serveUrl} answered HTTP ${res.status}`);
  };
}
