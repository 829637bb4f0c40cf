import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { createAuth } from "./auth";
import { CLIENT_IP_HEADER } from "./client-ip";
import { createSignInThrottle, withSignInThrottle } from "./sign-in-throttle";
import { createUser } from "./users.service";

/**
 * Sign-in limits through the real better-auth handler and a real database. The client address
 * reaches better-auth only in CLIENT_IP_HEADER, which the host sets from the socket (or trusted
 * proxies); X-Forwarded-For from the client is not believed.
 */
const BASE = "http://localhost:3000";
const PASSWORD = "right-password-1";

describeEachDatabase("sign-in rate limits", (get) => {
  let clock = 1_000_000;
  const throttle = createSignInThrottle(undefined, () => clock);
  let handle: (req: Request) => Promise<Response>;
  // better-auth's limiter store is per process: each database run gets its own addresses.
  const net = `10.${Math.floor(Math.random() * 200) + 1}`;

  beforeAll(async () => {
    const { db, provider } = get().handle;
    const auth = createAuth({ db, provider: provider === "postgres" ? "postgresql" : "sqlite", baseURL: BASE, secret: "test-secret-0123456789-0123456789-0123456789", secureCookies: false, rateLimit: true });
    handle = withSignInThrottle((r) => auth.handler(r), throttle);
    for (const email of ["victim@example.com", "bystander@example.com", "spoof@example.com"]) {
      await createUser(db, { email, name: email, role: "reviewer", password: PASSWORD });
    }
  });

  const signIn = (email: string, password: string, headers: Record<string, string>) =>
    handle(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE, ...headers },
        body: JSON.stringify({ email, password }),
      }),
    );

  it("a spoofed X-Forwarded-For does not escape the per-IP limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await signIn("spoof@example.com", `wrong-${i}`, { [CLIENT_IP_HEADER]: `${net}.1.1`, "x-forwarded-for": `192.0.2.${i + 1}` });
      statuses.push(res.status);
      // Keep the per-account back-off out of this test: it is about the IP limit.
      throttle.recordSuccess("spoof@example.com");
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it("one IP that hits its limit does not lock out anyone else", async () => {
    const attacker = { [CLIENT_IP_HEADER]: `${net}.2.2` };
    for (let i = 0; i < 21; i++) {
      await signIn(`nobody-${i}@example.com`, "guess", attacker);
    }
    expect((await signIn("bystander@example.com", PASSWORD, attacker)).status).toBe(429);
    const other = await signIn("bystander@example.com", PASSWORD, { [CLIENT_IP_HEADER]: `${net}.3.3` });
    expect(other.status).toBe(200);
  });

  it("an account guessed from many IPs backs off exponentially; the right password later resets it", async () => {
    const from = (i: number) => ({ [CLIENT_IP_HEADER]: `${net}.4.${i + 1}` });
    for (let i = 0; i < 5; i++) expect((await signIn("victim@example.com", `guess-${i}`, from(i))).status).toBe(401);
    // The sixth wrong password starts the back-off: 1 s, then 2 s, 4 s…
    expect((await signIn("victim@example.com", "guess-5", from(5))).status).toBe(401);
    const blocked = await signIn("victim@example.com", PASSWORD, from(6));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("1");
    expect(((await blocked.json()) as { message: string }).message).toContain("Too many wrong passwords");
    clock += 1_000;
    expect((await signIn("victim@example.com", "guess-6", from(7))).status).toBe(401);
    expect((await signIn("victim@example.com", "guess-7", from(8))).headers.get("retry-after")).toBe("2");
    clock += 2_000;
    expect((await signIn("victim@example.com", "guess-8", from(9))).status).toBe(401);
    expect((await signIn("victim@example.com", PASSWORD, from(10))).headers.get("retry-after")).toBe("4");
    clock += 4_000;
    expect((await signIn("victim@example.com", PASSWORD, from(11))).status).toBe(200);
    // Reset: the next wrong password is one of the free ones again.
    expect((await signIn("victim@example.com", "guess-9", from(12))).status).toBe(401);
    expect((await signIn("victim@example.com", PASSWORD, from(13))).status).toBe(200);
  });
});

describeEachDatabase("session listing", (get) => {
  it("GET /api/auth/list-sessions is off: it would hand out the raw tokens of the user's other sessions", async () => {
    const { db, provider } = get().handle;
    const auth = createAuth({ db, provider: provider === "postgres" ? "postgresql" : "sqlite", baseURL: BASE, secret: "test-secret-0123456789-0123456789-0123456789", secureCookies: false });
    await createUser(db, { email: "lister@example.com", name: "Lister", role: "admin", password: PASSWORD });
    const signIn = () =>
      auth.handler(new Request(`${BASE}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: JSON.stringify({ email: "lister@example.com", password: PASSWORD }) }));
    const other = await signIn();
    expect(other.status).toBe(200);
    const mine = await signIn();
    const cookie = mine.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const list = await auth.handler(new Request(`${BASE}/api/auth/list-sessions`, { headers: { cookie, origin: BASE } }));
    expect(list.status).toBe(404);
    const otherToken = ((await other.json()) as { token: string }).token;
    expect(await list.text()).not.toContain(otherToken);
    // The session itself still works.
    const session = await auth.handler(new Request(`${BASE}/api/auth/get-session`, { headers: { cookie, origin: BASE } }));
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe("lister@example.com");
  });
});
