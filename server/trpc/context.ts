import "server-only";
import { getDb } from "@/server/db";
import { appUrl, env } from "@/server/env";
import { sessionFromHeaders, type SessionUser } from "@/server/auth";
import { trustedOriginsFor } from "@/server/auth/origins";
import { isTrustedOrigin } from "./origin";
import type { TRPCContext } from "./init";

/** Context for an HTTP request to /api/trpc. */
export async function createRequestContext(req: Request, user?: SessionUser | null): Promise<TRPCContext> {
  return {
    db: await getDb(),
    user: user === undefined ? await sessionFromHeaders(req.headers) : user,
    trustedOrigin: isTrustedOrigin(req.headers, req.url, trustedOriginsFor(appUrl(env))),
  };
}

/** Context for server components (prefetch): same session, no cross-site exposure. */
export async function createServerContext(requestHeaders: Headers): Promise<TRPCContext> {
  return { db: await getDb(), user: await sessionFromHeaders(requestHeaders), trustedOrigin: true };
}
