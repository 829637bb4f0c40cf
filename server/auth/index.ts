import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDatabase } from "@/server/db";
import { appUrl, env } from "@/server/env";
import { createAuth, type Auth } from "./auth";
import { parseRole, type Role } from "./roles";
import { createSignInThrottle, withSignInThrottle } from "./sign-in-throttle";

export type SessionUser = { id: string; email: string; name: string; role: Role };

let instance: Promise<Auth> | undefined;

/** The app's better-auth instance, created on first use (not at import, so `next build` needs no secret). */
export function getAuth(): Promise<Auth> {
  instance ??= (async () => {
    const secret = env.BATON_AUTH_SECRET;
    if (!secret) {
      throw new Error(
        "BATON_AUTH_SECRET is not set. Start Baton with `npm start` (it generates one) or set it to a random string of 32+ characters.",
      );
    }
    const { db, provider } = await getDatabase();
    return createAuth({
      db,
      provider: provider === "postgres" ? "postgresql" : "sqlite",
      baseURL: appUrl(env),
      secret,
      secureCookies: env.BATON_SECURE_COOKIES,
    });
  })();
  instance.catch(() => {
    instance = undefined;
  });
  return instance;
}

const g = globalThis as unknown as { __batonSignInThrottle?: ReturnType<typeof createSignInThrottle> };

/** /api/auth/*: better-auth behind the per-account sign-in back-off (one per process). */
export async function handleAuthRequest(req: Request): Promise<Response> {
  const auth = await getAuth();
  g.__batonSignInThrottle ??= createSignInThrottle();
  return withSignInThrottle((r) => auth.handler(r), g.__batonSignInThrottle)(req);
}

/** Session user for a request's headers, or null. */
export async function sessionFromHeaders(requestHeaders: Headers): Promise<SessionUser | null> {
  const session = await (await getAuth()).api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const { user } = session;
  return { id: user.id, email: user.email, name: user.name, role: parseRole(user.role) };
}

/** Session user for the current server render (memoised per request). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  return sessionFromHeaders(await headers());
});

/** For server pages and layouts: the session user, or a redirect to /sign-in. */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return user;
}
