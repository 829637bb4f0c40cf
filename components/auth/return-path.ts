/**
 * Where to send someone after sign-in. `next` comes from the URL, so anyone can craft it: browsers
 * read `/\evil.example` as `//evil.example` (another host), and `javascript:`/absolute URLs are
 * worse. Resolve it exactly as the browser will, against our own origin, and keep it only if it
 * stays on that origin; otherwise go home. Returns a path (never an absolute URL). Client-safe.
 */
export const DEFAULT_RETURN_PATH = "/";

/** Any fixed origin works on the server: only the comparison and the resulting path matter. */
const SERVER_ORIGIN = "http://baton.invalid";

export function safeReturnPath(next: string | string[] | null | undefined, origin: string = SERVER_ORIGIN): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value) return DEFAULT_RETURN_PATH;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(value, base);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  if (target.origin !== base.origin) return DEFAULT_RETURN_PATH;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A same-origin URL can still have a path like `//evil` (from `/./\evil`): as a relative
  // reference that is another host again, so the path itself must be checked too.
  if (new URL(path, base).origin !== base.origin) return DEFAULT_RETURN_PATH;
  return path;
}
