import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { createAuth, type Auth } from "./auth";
import { hashSessionToken, hashStoredSessionTokens } from "./hashed-session-tokens";
import { createUser } from "./users.service";

/** Session tokens at rest, through the real better-auth handler and a real database. */
const BASE = "http://localhost:3000";
const PASSWORD = "right-password-1";

describeEachDatabase("session tokens at rest", (get) => {
  let auth: Auth;
  beforeAll(async () => {
    const { db, provider } = get().handle;
    auth = createAuth({ db, provider: provider === "postgres" ? "postgresql" : "sqlite", baseURL: BASE, secret: "test-secret-0123456789-0123456789-0123456789", secureCookies: false });
    await createUser(db, { email: "holder@example.com", name: "Holder", role: "operator", password: PASSWORD });
  });

  const signIn = async () => {
    const res = await auth.handler(
      new Request(`${BASE}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: JSON.stringify({ email: "holder@example.com", password: PASSWORD }) }),
    );
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.includes("session_token="))!;
    const token = ((await res.json()) as { token: string }).token;
    return { cookie, token };
  };
  const getSession = async (cookie: string) => {
    const res = await auth.handler(new Request(`${BASE}/api/auth/get-session`, { headers: { cookie, origin: BASE } }));
    return { res, body: (await res.json()) as { user?: { email: string }; session?: { token: string } } | null };
  };

  it("stores only a hash of the token; the stored value is not a usable token", async () => {
    const { db } = get().handle;
    const { cookie, token } = await signIn();
    expect(decodeURIComponent(cookie)).toContain(token);
    const rows = await db.session.findMany({ where: { user: { email: "holder@example.com" } } });
    expect(rows.map((r) => r.token)).toContain(hashSessionToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    expect((await getSession(cookie)).body?.user?.email).toBe("holder@example.com");
    const ctx = await auth.$context;
    expect(await ctx.internalAdapter.findSession(token)).not.toBeNull();
    expect(await ctx.internalAdapter.findSession(hashSessionToken(token))).toBeNull();
  });

  it("a refreshed session keeps working: the cookie gets the raw token back, not the hash", async () => {
    const { db } = get().handle;
    const { cookie, token } = await signIn();
    // Close to expiry, so the next read refreshes it (and rewrites the cookie).
    await db.session.updateMany({ where: { token: hashSessionToken(token) }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    const first = await getSession(cookie);
    const rewritten = first.res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.includes("session_token="));
    expect(rewritten).toBeDefined();
    expect(decodeURIComponent(rewritten!)).toContain(token);
    expect((await getSession(rewritten!)).body?.user?.email).toBe("holder@example.com");
    expect((await db.session.findFirstOrThrow({ where: { token: hashSessionToken(token) } })).expiresAt.getTime()).toBeGreaterThan(Date.now() + 3600_000);
  });

  it("sign-out deletes the session; revoke-sessions signs out everywhere; token-list endpoints are off", async () => {
    const { db } = get().handle;
    const post = (path: string, cookie: string) =>
      auth.handler(new Request(`${BASE}/api/auth/${path}`, { method: "POST", headers: { cookie, origin: BASE, "content-type": "application/json" }, body: "{}" }));
    const a = await signIn();
    const b = await signIn();
    expect((await post("revoke-other-sessions", b.cookie)).status).toBe(404);
    expect((await post("revoke-session", b.cookie)).status).toBe(404);
    expect((await post("sign-out", a.cookie)).status).toBe(200);
    expect(await db.session.count({ where: { token: hashSessionToken(a.token) } })).toBe(0);
    expect((await getSession(b.cookie)).body?.user?.email).toBe("holder@example.com");
    expect((await post("revoke-sessions", b.cookie)).status).toBe(200);
    expect((await getSession(b.cookie)).body).toBeNull();
    expect(await db.session.count({ where: { userId: (await db.user.findUniqueOrThrow({ where: { email: "holder@example.com" } })).id } })).toBe(0);
  });

  it("hashes sessions stored before hashing, once, without signing anyone out", async () => {
    const { db } = get().handle;
    const user = await db.user.findUniqueOrThrow({ where: { email: "holder@example.com" } });
    const raw = "RawTokenFromBeforeHashing0123456";
    await db.session.create({ data: { id: "legacy-session", token: raw, userId: user.id, expiresAt: new Date(Date.now() + 86400_000), createdAt: new Date(), updatedAt: new Date() } });
    expect(await hashStoredSessionTokens(db)).toBe(1);
    expect(await hashStoredSessionTokens(db)).toBe(0);
    expect((await db.session.findUniqueOrThrow({ where: { id: "legacy-session" } })).token).toBe(hashSessionToken(raw));
    expect(await (await auth.$context).internalAdapter.findSession(raw)).not.toBeNull();
  });
});
