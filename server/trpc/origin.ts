/**
 * CSRF defence for cookie-authenticated mutations: the browser always sends Origin on POST
 * (and Sec-Fetch-Site on modern browsers); a request is trusted only when it names our own origin.
 */
export function isTrustedOrigin(
  headers: Headers,
  requestUrl: string,
  allowedOrigins: readonly string[],
): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return false;
  const origin = headers.get("origin");
  if (!origin) return fetchSite === "same-origin";
  if (allowedOrigins.includes(origin)) return true;
  try {
    return origin === new URL(requestUrl).origin;
  } catch {
    return false;
  }
}
