import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { AppError } from "@/server/errors";
import {
  authenticateApiKey,
  createApiKey,
  displayPrefix,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
} from "./api-keys.service";
import { registerBootstrapApiKey } from "@/server/auth/bootstrap.service";

describe("api key hashing", () => {
  it("hashes with SHA-256 hex and shows a short prefix", () => {
    expect(hashApiKey("bk_abc")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey("bk_abc")).toBe(hashApiKey("bk_abc"));
    expect(hashApiKey("bk_abc")).not.toBe(hashApiKey("bk_abd"));
    expect(displayPrefix("bk_0123456789")).toBe("bk_012345");
  });
});

describeEachDatabase("api keys", (get) => {
  it("creates a key that is returned once and stored only as a hash", async () => {
    const { db } = get().handle;
    const created = await createApiKey(db, { name: "CRM", role: "operator", createdById: null });
    expect(created.key).toMatch(/^bk_[A-Za-z0-9_-]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 9));

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const listed = (await listApiKeys(db)).find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: "CRM", role: "operator", prefix: created.prefix, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed).not.toHaveProperty("key");
    expect(listed).not.toHaveProperty("hash");
  });

  it("authenticates a Bearer key to its role and records last use", async () => {
    const { db } = get().handle;
    const { key, id } = await createApiKey(db, { name: "Reviewer bot", role: "reviewer", createdById: null });
    const principal = await authenticateApiKey(db, `Bearer ${key}`);
    expect(principal).toEqual({ role: "reviewer", keyId: id });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it("rejects missing, malformed, unknown and revoked keys with clear messages", async () => {
    const { db } = get().handle;
    const { key, id } = await createApiKey(db, { name: "Temp", role: "admin", createdById: null });

    const failure = (header: string | null) =>
      authenticateApiKey(db, header).then(
        () => null,
        (e: unknown) => e,
      );

    const missing = await failure(null);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringContaining("Missing API key") });
    expect(await failure(`Basic ${key}`)).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringContaining("Malformed") });
    expect(await failure(`Bearer ${key}x`)).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringContaining("Invalid API key") });

    await revokeApiKey(db, { id });
    expect(await failure(`Bearer ${key}`)).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringContaining("revoked") });
    // Revoking twice is harmless and keeps the first revocation time.
    const first = (await db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt;
    await revokeApiKey(db, { id });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toEqual(first);
  });

  it("revoking an unknown key is NOT_FOUND", async () => {
    const { db } = get().handle;
    await expect(revokeApiKey(db, { id: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("registers the bootstrap key as an admin key, idempotently", async () => {
    const { db } = get().handle;
    const key = "automation-key-0123456789-abcdef";
    const first = await registerBootstrapApiKey(db, key);
    const second = await registerBootstrapApiKey(db, key);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(await authenticateApiKey(db, `Bearer ${key}`)).toEqual({ role: "admin", keyId: first.id });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: first.id } });
    expect(row.source).toBe("bootstrap");
    await expect(registerBootstrapApiKey(db, "short")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
