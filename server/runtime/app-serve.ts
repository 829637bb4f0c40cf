/**
 * Embedded mode, engine → app: the /api/inngest route registers its serve handlers here when Next.js loads
 * it, and the host gives the engine `appServeFetch(serveUrl)` as its `appFetch`. Call requests and syncs to
 * the serve URL then run that same route handler (the SDK's serve protocol: signed by the engine and verified
 * by the SDK exactly as over HTTP) as a Request → Response call without a socket, the mirror of
 * `engineAwareFetch` in the other direction. Until the route is loaded (the host's first sync goes over HTTP
 * and loads it) and for any other URL, the network. Lives on globalThis because the host and the Next.js
 * bundle load this module separately.
 */
export type ServeHandler = (req: Request) => Promise<Response>;
export type ServeHandlers = Partial<Record<"GET" | "POST" | "PUT", ServeHandler>>;

const g = globalThis as unknown as { __batonAppServe?: ServeHandlers };

export function registerAppServe(handlers: ServeHandlers | undefined): void {
  g.__batonAppServe = handlers;
}

/**
 * A fetch for the engine: requests to `serveUrl` go to the registered route handlers, others to `fallback`.
 * `onFirstInProcess` is told once, when the first request is handed over (the host logs it).
 */
export function appServeFetch(serveUrl: string, fallback: typeof fetch = fetch, onFirstInProcess?: () => void): typeof fetch {
  let told = !onFirstInProcess;
  return serveHandlerFetch(
    serveUrl,
    () => {
      const h = g.__batonAppServe;
      if (h && !told) {
        told = true;
        onFirstInProcess?.();
      }
      return h;
    },
    fallback,
  );
}

/**
 * The mechanism, for any holder of serve handlers (the bench passes its own): same origin and path as
 * `serveUrl` (any query) and a handler for the method → in-process; otherwise `fallback`. The request's
 * abort signal (engine stop, request timeout) rejects the call as fetch would; the handler runs on.
 */
export function serveHandlerFetch(serveUrl: string, handlers: () => ServeHandlers | undefined, fallback: typeof fetch = fetch): typeof fetch {
  const target = new URL(serveUrl);
  const self = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? new URL(input.url) : typeof input === "string" ? new URL(input) : input;
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const handler = handlers()?.[method as "POST"];
    if (!handler || url.origin !== target.origin || url.pathname !== target.pathname) return fallback(input, init);
    const req = input instanceof Request && init === undefined ? input : new Request(input, init);
    return abortable(handler(req), req.signal);
  };
  return self as typeof fetch;
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
