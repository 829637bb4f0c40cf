/**
 * A `fetch` for the app's Inngest client when the engine is reached over plain `http:` (the standalone engine,
 * `npm run engine`, or a self-hosted Inngest on a private network): the same requests through `node:http` with a
 * keep-alive agent instead of undici's `fetch`. A checkpoint round trip on loopback costs ~100–140 µs this way
 * against ~375–520 µs through the global fetch (bench/README.md, engine). Per checkpoint that is most of the
 * difference between the standalone engine and the embedded one.
 *
 * It only takes what it can do exactly like fetch: `http:` URLs given as a string or URL, with no body or a string
 * or byte body. Everything else (https, `Request` objects, streams, forms) goes to `fallback`, the global fetch by
 * default. So do redirects: a 3xx with a `Location` is fetched again through `fallback`, which applies the
 * request's redirect mode. Responses are read whole before they resolve (the Inngest API answers small JSON).
 * Errors look like fetch's: an abort rejects with the signal's reason, a network failure with
 * `TypeError("fetch failed")` and the cause. A request that fails on a reused keep-alive socket before any
 * response (the server closed it while idle) is sent once more on a new socket, as undici does.
 */
import { Agent, request, type IncomingMessage } from "node:http";

// Idle sockets are closed after 4 s: under Node's default server keepAliveTimeout (5 s), so this side closes
// first. Active requests are not affected (the agent only destroys free sockets on timeout).
const agent = new Agent({ keepAlive: true, timeout: 4_000 });

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

type Body = string | Uint8Array | undefined;

export function httpFetch(fallback: typeof fetch = globalThis.fetch): typeof fetch {
  const self = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (input instanceof Request) return fallback(input, init);
    const url = typeof input === "string" ? new URL(input) : input;
    const body = init?.body ?? undefined;
    if (url.protocol !== "http:" || (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)))
      return fallback(input, init);
    const res = await send(url, init, body as Body, true);
    if (res.status >= 300 && res.status < 400 && res.headers.has("location")) return fallback(input, init);
    return res;
  };
  return self as typeof fetch;
}

function headersOf(h: HeadersInit | undefined): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers || Array.isArray(h)) {
    const out: Record<string, string> = {};
    for (const [k, v] of h instanceof Headers ? h.entries() : h) out[k.toLowerCase()] = String(v);
    return out;
  }
  const out: Record<string, string> = {};
  for (const k of Object.keys(h)) out[k.toLowerCase()] = String(h[k]);
  return out;
}

function send(url: URL, init: RequestInit | undefined, body: Body, mayRetry: boolean): Promise<Response> {
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const headers = headersOf(init?.headers);
  if (body !== undefined) headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
  return new Promise<Response>((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: (init?.method ?? "GET").toUpperCase(), headers, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        try {
          resolve(toResponse(url, res, Buffer.concat(chunks)));
        } catch (e) {
          reject(new TypeError("fetch failed", { cause: e }));
        }
      });
      res.on("error", fail);
    });
    function fail(err: Error): void {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) return reject(signal.reason);
      if (mayRetry && !answered && req.reusedSocket && (err as NodeJS.ErrnoException).code === "ECONNRESET")
        return void send(url, init, body, false).then(resolve, reject);
      reject(new TypeError("fetch failed", { cause: err }));
    }
    function onAbort(): void {
      req.destroy();
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", fail);
    req.end(body);
  });
}

function toResponse(url: URL, res: IncomingMessage, buf: Buffer): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const status = res.statusCode ?? 0;
  const response = new Response(NULL_BODY.has(status) ? null : (buf as unknown as BodyInit), { status, statusText: res.statusMessage ?? "", headers });
  Object.defineProperty(response, "url", { value: url.href });
  return response;
}
