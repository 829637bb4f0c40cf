import { AppError } from "@/server/errors";

/** Default for BATON_MAX_RUN_INPUT_BYTES: what one run may store as its input. */
export const DEFAULT_MAX_RUN_INPUT_BYTES = 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} bytes`;
}

/**
 * A run's input is stored with the run (and again with every rerun), so its size is capped on its
 * own, whatever route it came in by: two 20 MB inputs once grew the database by 787 MB.
 */
export function assertRunInputSize(input: unknown, maxBytes = DEFAULT_MAX_RUN_INPUT_BYTES, what = "The run input"): void {
  const bytes = Buffer.byteLength(JSON.stringify(input ?? null));
  if (bytes > maxBytes) {
    throw new AppError("PAYLOAD_TOO_LARGE", `${what} is ${formatBytes(bytes)} as JSON; a run accepts at most ${formatBytes(maxBytes)} (BATON_MAX_RUN_INPUT_BYTES). Pass large documents by reference (a URL or an id) instead.`, {
        limitBytes: maxBytes,
        bytes,
      });
  }
}
