const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/**
 * Origins allowed to make cookie-bearing mutations: the app URL's origin, and, when the app URL is
 * a loopback address, the other loopback spellings at the same port (people open
 * http://127.0.0.1:3000 as often as http://localhost:3000; both are the same local server).
 */
export function trustedOriginsFor(appUrl: string): string[] {
  const url = new URL(appUrl);
  if (!LOOPBACK.includes(url.hostname)) return [url.origin];
  return LOOPBACK.map((host) => {
    const u = new URL(url.origin);
    u.hostname = host;
    return u.origin;
  });
}
