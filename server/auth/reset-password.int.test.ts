import { expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { createAuth } from "./auth";
import { ensureFirstAdmin, resetPassword } from "./bootstrap.service";
import { createUser } from "./users.service";

describeEachDatabase("admin:reset-password", (get) => {
  const auth = () => {
    const { db, provider } = get().handle;
    return createAuth({
      db,
      provider: provider === "postgres" ? "postgresql" : "sqlite",
      baseURL: "http://localhost:3000",
      secret: "test-secret-0123456789-0123456789-0123456789",
      secureCookies: false,
    });
  };
  const signIn = (email: string, password: string) => auth().api.signInEmail({ body: { email, password } });

  it("gives the first admin a new password that signs in, retires the old one and its sessions", async () => {
    const { db } = get().handle;
    const first = await ensureFirstAdmin(db, { email: "boss@example.com" });
    if (!first.created) throw new Error("expected a new admin");
    await createUser(db, { email: "later-admin@example.com", name: "Later", role: "admin", password: "a-long-password-123" });
    await signIn(first.email, first.password);
    expect(await db.session.count({ where: { user: { email: first.email } } })).toBe(1);

    const reset = await resetPassword(db, {});
    expect(reset.email).toBe("boss@example.com");
    expect(reset.password).not.toBe(first.password);
    expect(await db.session.count({ where: { user: { email: first.email } } })).toBe(0);
    await expect(signIn(first.email, first.password)).rejects.toMatchObject({ status: "UNAUTHORIZED" });
    expect((await signIn(first.email, reset.password)).user.email).toBe("boss@example.com");
  });

  it("resets the user named by email, and says clearly when there is no such user", async () => {
    const { db } = get().handle;
    await createUser(db, { email: "rita@example.com", name: "Rita", role: "reviewer", password: "a-long-password-123" });
    const reset = await resetPassword(db, { email: " Rita@Example.com " });
    expect(reset.email).toBe("rita@example.com");
    expect((await signIn("rita@example.com", reset.password)).user.email).toBe("rita@example.com");
    await expect(resetPassword(db, { email: "nobody@example.com" })).rejects.toThrow("No user has the email nobody@example.com.");
  });
});
