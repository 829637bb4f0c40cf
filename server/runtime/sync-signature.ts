import { createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * `PUT /api/inngest` makes the SDK register Baton's functions with the engine (out-of-band sync)
 * or describe them (in-band). The SDK checks the signature only for in-band syncs, so anyone who
 * can reach the URL could otherwise force a re-sync. Every PUT must carry `X-Inngest-Signature`
 * made with the signing key (or its fallback): the embedded engine's in-band sync, Inngest Cloud's
 * and self-hosted Inngest's syncs are signed, and Baton's own re-sync signs its PUT here.
 * The format is the SDK's: `t=<unix s>&s=hex(HMAC-SHA256(key without "signkey-<env>-", body + t))`,
 * where a JSON body is canonicalised first.
 */
const MAX_SKEW_MS = 5 * 60_000;

function keyMaterial(signingKey: string): string {
  return signingKey.replace(/^signkey-\w+-/, "");
}

function canonicalBody(raw: string): string {
  if (!raw) return "";
  try {
    return canonicalize(JSON.parse(raw)) ?? raw;
  } catch {
    return raw;
  }
}

function hmac(body: string, signingKey: string, t: string): string {
  return createHmac("sha256", keyMaterial(signingKey)).update(body + t).digest("hex");
}

export function signSyncRequest(rawBody: string, signingKey: string, nowMs = Date.now()): string {
  const t = String(Math.round(nowMs / 1000));
  return `t=${t}&s=${hmac(canonicalBody(rawBody), signingKey, t)}`;
}

export function verifySyncSignature(header: string | null, rawBody: string, keys: ReadonlyArray<string | undefined>, nowMs = Date.now()): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const t = params.get("t") ?? "";
  const s = params.get("s") ?? "";
  const ts = Number.parseInt(t, 10);
  if (!/^\d+$/.test(t) || !/^[0-9a-f]{64}$/.test(s) || Math.abs(nowMs - ts * 1000) > MAX_SKEW_MS) return false;
  const body = canonicalBody(rawBody);
  return keys.some((key) => !!key && timingSafeEqual(Buffer.from(hmac(body, key, t)), Buffer.from(s)));
}

type PutHandler<R extends Request, C> = (req: R, ctx: C) => Promise<Response>;

/** Wraps the SDK's PUT handler: an unsigned or badly signed PUT gets 401 and syncs nothing. */
export function requireSignedSync<R extends Request, C>(put: PutHandler<R, C>, keys: ReadonlyArray<string | undefined>): PutHandler<R, C> {
  return async (req, ctx) => {
    const raw = await req.clone().text();
    if (!verifySyncSignature(req.headers.get("x-inngest-signature"), raw, keys)) {
      return Response.json(
        { message: "Unauthorized: PUT /api/inngest needs an X-Inngest-Signature made with the signing key (syncs come from the engine or from Baton itself)." },
        { status: 401 },
      );
    }
    return put(req, ctx);
  };
}

/**
 * The serve handlers with the PUT guarded. GET/POST/PUT are non-enumerable properties of the SDK's
 * handler, so they are copied by name (a spread would silently drop GET and POST).
 */
export function withSignedSync<H extends { GET: unknown; POST: unknown; PUT: (req: never, ctx: never) => Promise<Response> }>(
  handlers: H,
  keys: ReadonlyArray<string | undefined>,
): Pick<H, "GET" | "POST" | "PUT"> {
  const put = requireSignedSync(handlers.PUT as unknown as PutHandler<Request, unknown>, keys);
  return { GET: handlers.GET, POST: handlers.POST, PUT: put as unknown as H["PUT"] };
}
