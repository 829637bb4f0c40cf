/**
 * A `fetch` for the app's Inngest client when the engine is reached over plain `http:` (the standalone engine,
 * `npm run engine`, or a self-hosted Inngest on a private network): the same requests through `node:http` with a
 * keep-alive agent instead of undici's `fetch`. A checkpoint round trip on loopback costs ~100–140 µs this way
 * against ~375 µs through the global fetch (bench/README.md, engine).
 *
 * It only takes what it can do the way fetch does: `http:` URLs given as a string or URL, with no body or a string
 * or byte body. Everything else (https, `Request` objects, streams, forms) goes to `fallback`, the global fetch by
 * default. As in fetch:
 * - a string body without a content type is sent as `text/plain;charset=UTF-8`; repeated header names are joined;
 * - redirects (301/302/303/307/308) are followed up to 20 times unless `redirect` is `manual` (the 3xx is returned)
 *   or `error` (rejects): 303, and 301/302 after a POST, continue as a GET without body or body headers; a
 *   cross-origin hop drops `Authorization`; the answer has `redirected` and the final `url`;
 * - an abort rejects with the signal's reason, a network failure with `TypeError("fetch failed")` and the cause;
 *   a server silent for `timeoutMs` (default 300 s, undici's header and body timeouts) is a network failure;
 * - HEAD and 204/205/304 answers have a null body.
 * Responses are read whole before they resolve (the Inngest API answers small JSON). An idempotent request that
 * fails on a reused keep-alive socket before any answer (the server closed it while idle) is sent once more on a
 * new socket; a POST is not (the caller decides: the SDK retries its API calls itself).
 */
import { Agent, request, type IncomingMessage } from "node:http";

// Idle sockets are closed after 4 s: under Node's default server keepAliveTimeout (5 s), so this side closes
// first. Active requests are not affected (the agent only destroys free sockets on timeout).
const agent = new Agent({ keepAlive: true, timeout: 4_000 });

const NULL_BODY = new Set([204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

type Body = string | Uint8Array | undefined;

export function httpFetch(fallback: typeof fetch = globalThis.fetch, opts: { timeoutMs?: number } = {}): typeof fetch {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const go = async (input: string | URL | Request, init: RequestInit | undefined, hops: number): Promise<Response> => {
    if (input instanceof Request) return fallback(input, init);
    const url = typeof input === "string" ? new URL(input) : input;
    const body = init?.body ?? undefined;
    if (url.protocol !== "http:" || (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)))
      return hops === 0 ? fallback(input, init) : redirected(await fallback(url, init), url);
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = headersOf(init?.headers);
    if (typeof body === "string" && !("content-type" in headers)) headers["content-type"] = "text/plain;charset=UTF-8";
    const res = await send(url, method, headers, body as Body, init?.signal ?? undefined, timeoutMs, true);
    const location = res.headers.get("location");
    if (!REDIRECT.has(res.status) || location === null || init?.redirect === "manual") return hops ? redirected(res, url) : res;
    if (init?.redirect === "error") throw new TypeError("fetch failed", { cause: new Error(`redirect (${res.status}) with redirect: "error"`) });
    if (hops >= 20) throw new TypeError("fetch failed", { cause: new Error("redirect count exceeded") });
    await res.arrayBuffer().catch(() => {});
    const next = new URL(location, url);
    const toGet = (res.status === 303 && method !== "GET" && method !== "HEAD") || ((res.status === 301 || res.status === 302) && method === "POST");
    const nextHeaders = { ...headers };
    if (toGet) for (const h of BODY_HEADERS) delete nextHeaders[h];
    if (next.origin !== url.origin) delete nextHeaders.authorization;
    return go(next, { ...init, method: toGet ? "GET" : method, headers: nextHeaders, body: toGet ? undefined : init?.body }, hops + 1);
  };
  return ((input: string | URL | Request, init?: RequestInit) => go(input, init, 0)) as typeof fetch;
}

function redirected(res: Response, url: URL): Response {
  Object.defineProperty(res, "redirected", { value: true });
  if (!res.url) Object.defineProperty(res, "url", { value: url.href });
  return res;
}

function headersOf(h: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, v: unknown) => {
    const key = k.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${String(v)}` : String(v);
  };
  if (!h) return out;
  if (h instanceof Headers) h.forEach((v, k) => (out[k] = v));
  else if (Array.isArray(h)) for (const [k, v] of h) add(k, v);
  else for (const k of Object.keys(h)) add(k, (h as Record<string, string>)[k]);
  return out;
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Body,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  mayRetry: boolean,
): Promise<Response> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const h = body === undefined ? headers : { ...headers, "content-length": String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength) };
  return new Promise<Response>((resolve, reject) => {
    let answered = false;
    const req = request(url, { method, headers: h, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        try {
          resolve(toResponse(url, method, res, Buffer.concat(chunks)));
        } catch (e) {
          reject(new TypeError("fetch failed", { cause: e }));
        }
      });
      res.on("error", fail);
    });
    function fail(err: Error): void {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) return reject(signal.reason);
      if (mayRetry && !answered && req.reusedSocket && IDEMPOTENT.has(method) && (err as NodeJS.ErrnoException).code === "ECONNRESET")
        return void send(url, method, headers, body, signal, timeoutMs, false).then(resolve, reject);
      reject(new TypeError("fetch failed", { cause: err }));
    }
    function onAbort(): void {
      req.destroy();
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no data from the server for ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", fail);
    req.end(body);
  });
}

function toResponse(url: URL, method: string, res: IncomingMessage, buf: Buffer): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const status = res.statusCode ?? 0;
  const nullBody = method === "HEAD" || NULL_BODY.has(status);
  const response = new Response(nullBody ? null : (buf as unknown as BodyInit), { status, statusText: res.statusMessage ?? "", headers });
  Object.defineProperty(response, "url", { value: url.href });
  return response;
}
