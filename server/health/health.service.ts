export type EngineHealth =
  | { ok: true; mode: "embedded" | "external"; url: string }
  | { ok: false; mode: "embedded" | "external"; url?: string; error: string };

export type EngineHealthConfig = {
  mode: "embedded" | "external";
  /** Embedded: the engine's own URL. External: INNGEST_BASE_URL when self-hosted, undefined for Inngest Cloud. */
  url: string | undefined;
  /** External mode without a URL (Inngest Cloud) counts as configured when both keys are present. */
  hasKeys: boolean;
  timeoutMs?: number;
};

export async function checkEngine(
  config: EngineHealthConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<EngineHealth> {
  const { mode, url } = config;
  if (!url) {
    return mode === "external" && config.hasKeys
      ? { ok: true, mode, url: "https://api.inngest.com" }
      : { ok: false, mode, error: "No engine URL configured. Set INNGEST_BASE_URL, or INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY for Inngest Cloud." };
  }
  const healthUrl = new URL("/health", url).toString();
  try {
    const res = await fetchImpl(healthUrl, {
      cache: "no-store",
      signal: AbortSignal.timeout(config.timeoutMs ?? 2_000),
    });
    if (!res.ok) return { ok: false, mode, url, error: `GET ${healthUrl} answered ${res.status}` };
    return { ok: true, mode, url };
  } catch (error) {
    return { ok: false, mode, url, error: `GET ${healthUrl} failed: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
