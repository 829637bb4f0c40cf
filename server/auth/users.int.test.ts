import { expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { createAuth } from "./auth";
import { ensureFirstAdmin } from "./bootstrap.service";
import { createUser, listUsers, updateUser } from "./users.service";

describeEachDatabase("users and sign-in", (get) => {
  const authFor = () => {
    const { db, provider } = get().handle;
    return createAuth({
      db,
      provider: provider === "postgres" ? "postgresql" : "sqlite",
      baseURL: "http://localhost:3000",
      secret: "test-secret-0123456789-0123456789-0123456789",
      secureCookies: false,
    });
  };

  it("creates the first admin once, with a password better-auth accepts", async () => {
    const { db } = get().handle;
    const first = await ensureFirstAdmin(db, { email: "Admin@Example.com" });
    expect(first).toMatchObject({ created: true, email: "admin@example.com" });
    if (!first.created) throw new Error("unreachable");
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect(await ensureFirstAdmin(db, { email: "other@example.com" })).toEqual({ created: false });

    const account = await db.account.findFirstOrThrow({ where: { user: { email: "admin@example.com" } } });
    expect(account.providerId).toBe("credential");
    expect(account.password).not.toContain(first.password);

    const auth = authFor();
    const signedIn = await auth.api.signInEmail({ body: { email: first.email, password: first.password } });
    expect(signedIn.user.email).toBe("admin@example.com");
    expect((signedIn.user as { role?: string }).role).toBe("admin");
    await expect(auth.api.signInEmail({ body: { email: first.email, password: "wrong-password" } })).rejects.toMatchObject({
      status: "UNAUTHORIZED",
    });
  });

  it("refuses public sign-up", async () => {
    await expect(
      authFor().api.signUpEmail({ body: { email: "new@example.com", password: "long-enough-1", name: "New" } }),
    ).rejects.toMatchObject({ status: "BAD_REQUEST" });
  });

  it("admins add users; duplicates are a CONFLICT; the last admin cannot be demoted", async () => {
    const { db } = get().handle;
    const reviewer = await createUser(db, { email: "rev@example.com", name: "Rev", role: "reviewer", password: "password-123" });
    expect(reviewer.role).toBe("reviewer");
    await expect(
      createUser(db, { email: "rev@example.com", name: "Again", role: "operator", password: "password-123" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const admins = (await listUsers(db)).filter((u) => u.role === "admin");
    expect(admins).toHaveLength(1);
    const admin = admins[0]!;
    await expect(updateUser(db, { id: admin.id, data: { role: "operator" }, actingUserId: admin.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const promoted = await updateUser(db, { id: reviewer.id, data: { role: "admin" }, actingUserId: admin.id });
    expect(promoted.role).toBe("admin");
    expect((await updateUser(db, { id: admin.id, data: { role: "operator" }, actingUserId: admin.id })).role).toBe("operator");

    const session = await authFor().api.signInEmail({ body: { email: "rev@example.com", password: "password-123" } });
    expect((session.user as { role?: string }).role).toBe("admin");
  });
});
