import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import type { Db } from "@/server/db/client";
import { CLIENT_IP_HEADER } from "./client-ip";
import { withHashedSessionTokens } from "./hashed-session-tokens";
import { AUTH_COOKIE_PREFIX } from "./constants";
import { trustedOriginsFor } from "./origins";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./users.schema";

export type AuthConfig = {
  db: Db;
  provider: "sqlite" | "postgresql";
  /** Public URL of the app; also the only trusted origin for cookie-bearing requests. */
  baseURL: string;
  secret: string;
  /** Force the Secure attribute (otherwise: Secure when baseURL is https). */
  secureCookies: boolean;
  /** better-auth's per-IP rate limit; default: on in production only (better-auth's default). */
  rateLimit?: boolean;
};

/**
 * better-auth configured for Baton: email + password only, no public sign-up (admins create
 * users), scrypt hashes (better-auth's default), httpOnly SameSite=Lax session cookies, and
 * origin checks on every cookie-bearing mutation against `baseURL`.
 */
export function createAuth(config: AuthConfig) {
  return betterAuth({
    appName: "Baton",
    baseURL: config.baseURL,
    basePath: "/api/auth",
    secret: config.secret,
    trustedOrigins: trustedOriginsFor(config.baseURL),
    // Session tokens are stored as SHA-256 hashes (hashed-session-tokens.ts).
    database: withHashedSessionTokens(prismaAdapter(config.db, { provider: config.provider })),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
    },
    user: {
      additionalFields: {
        // input: false → nobody can set their own role through better-auth's endpoints.
        role: { type: "string", required: true, defaultValue: "operator", input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      ...(config.rateLimit !== undefined ? { enabled: config.rateLimit } : {}),
      // Slow scrypt hashing already makes guessing expensive; this caps bursts per client IP.
      // Per account, sign-in-throttle.ts adds an exponential back-off across IPs.
      customRules: {
        "/sign-in/email": { window: 60, max: 20 },
      },
    },
    advanced: {
      // The client address the host resolved from the socket (and trusted proxies only):
      // better-auth's default, X-Forwarded-For, is whatever the client chose to send.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      cookiePrefix: AUTH_COOKIE_PREFIX,
      useSecureCookies: config.secureCookies ? true : undefined,
    },
    // list-sessions would hand out every session's token; the two revoke endpoints act on listed
    // tokens, which are hashes at rest (hashed-session-tokens.ts). Baton uses none of them.
    disabledPaths: ["/list-sessions", "/revoke-session", "/revoke-other-sessions"],
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
