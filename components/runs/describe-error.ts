/** A one-line reading of a stored error value (usually `{ code, message }`). */
export function describeError(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === "string") return error;
  if (typeof error === "object") {
    const e = error as { message?: unknown; code?: unknown };
    if (typeof e.message === "string") return typeof e.code === "string" ? `${e.code}: ${e.message}` : e.message;
  }
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
