/**
 * Per-account sign-in back-off, on top of better-auth's per-IP limit: an attacker with many IPs
 * gets a few free guesses per account, then each further wrong password doubles the wait (1 s, 2 s,
 * 4 s … capped), whatever IP it comes from. A correct password resets it. Failures older than an
 * hour are forgotten. Kept in memory: Baton is one process, and a restart only forgets delays.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export const SIGN_IN_THROTTLE: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

const MAX_TRACKED = 10_000;

export function createSignInThrottle(policy: ThrottlePolicy = SIGN_IN_THROTTLE, now: () => number = Date.now) {
  const accounts = new Map<string, { failures: number; lastFailure: number; blockedUntil: number }>();
  const key = (email: string) => email.trim().toLowerCase();
  const prune = () => {
    if (accounts.size < MAX_TRACKED) return;
    const t = now();
    for (const [k, v] of accounts) if (t - v.lastFailure > policy.forgetAfterMs && t >= v.blockedUntil) accounts.delete(k);
  };
  return {
    /** Milliseconds until this account may try again; 0 when it may now. */
    retryAfterMs(email: string): number {
      const entry = accounts.get(key(email));
      if (!entry) return 0;
      const t = now();
      if (t - entry.lastFailure > policy.forgetAfterMs && t >= entry.blockedUntil) {
        accounts.delete(key(email));
        return 0;
      }
      return Math.max(0, entry.blockedUntil - t);
    },
    recordFailure(email: string): void {
      prune();
      const t = now();
      const entry = accounts.get(key(email)) ?? { failures: 0, lastFailure: t, blockedUntil: 0 };
      entry.failures += 1;
      entry.lastFailure = t;
      const over = entry.failures - policy.freeFailures;
      if (over > 0) entry.blockedUntil = t + Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
      accounts.set(key(email), entry);
    },
    recordSuccess(email: string): void {
      accounts.delete(key(email));
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

const SIGN_IN_PATH = /\/sign-in\/email\/?$/;

async function emailOf(req: Request): Promise<string | null> {
  try {
    const body = (await req.clone().json()) as { email?: unknown };
    return typeof body?.email === "string" && body.email.trim() ? body.email : null;
  } catch {
    return null;
  }
}

/**
 * Wraps better-auth's handler: email sign-ins of an account in back-off get 429 with Retry-After
 * before the password is checked; the outcome of the others feeds the back-off.
 */
export function withSignInThrottle(handler: (req: Request) => Promise<Response>, throttle: SignInThrottle) {
  return async (req: Request): Promise<Response> => {
    if (req.method !== "POST" || !SIGN_IN_PATH.test(new URL(req.url).pathname)) return handler(req);
    const email = await emailOf(req);
    if (!email) return handler(req);
    const wait = throttle.retryAfterMs(email);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return Response.json(
        { code: "TOO_MANY_ATTEMPTS", message: `Too many wrong passwords for this account. Try again in ${seconds} s.` },
        { status: 429, headers: { "Retry-After": String(seconds), "X-Retry-After": String(seconds) } },
      );
    }
    const res = await handler(req);
    if (res.status === 401) throttle.recordFailure(email);
    else if (res.ok) throttle.recordSuccess(email);
    return res;
  };
}
