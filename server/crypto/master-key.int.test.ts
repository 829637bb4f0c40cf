import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { openDatabase, type Db } from "@/server/db/client";
import { loadOrCreateSecrets } from "@/server/host/secrets";
import { loadProviderSettings, resolveSecrets } from "@/server/settings/settings.service";
import { createLegacySecretBox, createSecretBox } from "./secret-box";
import { MASTER_KEY_CHECK, prepareMasterKey } from "./master-key";

const API_KEY = "sk-proj-master-key-test-0123456789";
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "baton-key-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** What someone holding only the database can try: every stored setting as a key, old and new derivation. */
async function unsealWithDatabaseAlone(db: Db): Promise<string[]> {
  const candidates = (await db.systemSetting.findMany()).map((s) => s.value).filter((v) => v.length >= 32);
  const provider = await db.modelProvider.findUniqueOrThrow({ where: { id: "openai" } });
  const opened: string[] = [];
  for (const candidate of candidates) {
    for (const box of [createLegacySecretBox(candidate), createSecretBox(candidate)]) {
      try {
        opened.push(box.open(provider.apiKeyEncrypted!, "provider:openai"));
      } catch {
        // not this one
      }
    }
  }
  return opened;
}

describeEachDatabase("master key", (get) => {
  const keyFile = join(tempDir(), "config", "baton", "master.key");

  it("re-seals values stored under the database-derived key once; afterwards the database alone opens nothing", async () => {
    const { db } = get().handle;
    // The state an existing instance is in: the auth secret in system_settings sealed everything.
    const { authSecret } = await loadOrCreateSecrets(db);
    const legacy = createLegacySecretBox(authSecret);
    await db.modelProvider.create({ data: { id: "openai", kind: "openai", name: "OpenAI", apiKeyEncrypted: legacy.seal(API_KEY, "provider:openai") } });
    await db.secret.create({ data: { name: "CRM_TOKEN", valueEncrypted: legacy.seal("crm-value", "secret:CRM_TOKEN"), allowedUrls: '["crm.example.com"]' } });
    expect(await unsealWithDatabaseAlone(db)).toEqual([API_KEY]); // the hole

    const logs: string[] = [];
    const masterKey = await prepareMasterKey(db, { file: keyFile, legacyAuthSecret: authSecret, log: (l) => logs.push(l) });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(logs.join("\n")).toContain("re-sealed 2 value(s)");
    expect(logs.join("\n")).not.toContain(masterKey);

    // Nothing lost: both open with the master key…
    expect((await loadProviderSettings(db, { masterKey })).providers.find((p) => p.id === "openai")?.apiKey).toBe(API_KEY);
    expect(await resolveSecrets(db, ["CRM_TOKEN"], { masterKey })).toEqual({ CRM_TOKEN: "crm-value" });
    // …and nothing opens with what the database holds.
    expect(await unsealWithDatabaseAlone(db)).toEqual([]);
    expect(JSON.stringify(await db.systemSetting.findMany())).not.toContain(masterKey);

    // Idempotent: a second start changes nothing.
    const before = await db.modelProvider.findUniqueOrThrow({ where: { id: "openai" } });
    expect(await prepareMasterKey(db, { file: keyFile, legacyAuthSecret: authSecret })).toBe(masterKey);
    expect((await db.modelProvider.findUniqueOrThrow({ where: { id: "openai" } })).apiKeyEncrypted).toBe(before.apiKeyEncrypted);
  });

  it("a copy of the SQLite file alone cannot unseal a provider key", async () => {
    const t = get();
    if (t.provider !== "sqlite") return expect(t.provider).toBe("postgres"); // the schema is the copy there (previous test)
    const copy = join(tempDir(), "copy.db");
    await t.handle.db.$executeRawUnsafe(`VACUUM INTO '${copy}'`);
    const stolen = await openDatabase(`file:${copy}`);
    try {
      expect((await stolen.db.modelProvider.findUniqueOrThrow({ where: { id: "openai" } })).apiKeyEncrypted).toMatch(/^v2:/);
      expect(await unsealWithDatabaseAlone(stolen.db)).toEqual([]);
    } finally {
      await stolen.close();
    }
  });

  it("stops with a clear message when the key is missing or different, instead of making a new one", async () => {
    const { db } = get().handle;
    expect(await db.systemSetting.findUnique({ where: { key: MASTER_KEY_CHECK } })).not.toBeNull();
    const missing = join(tempDir(), "nope", "master.key");
    await expect(prepareMasterKey(db, { file: missing })).rejects.toThrow(/not here: .*master\.key does not exist/);
    expect(existsSync(missing)).toBe(false);
    await expect(prepareMasterKey(db, { file: keyFile, key: "x".repeat(43) })).rejects.toThrow(/does not match/);
  });

  it("rotates: with the old key as previous, every value is re-sealed under the new key", async () => {
    const { db } = get().handle;
    const oldKey = (await prepareMasterKey(db, { file: keyFile })).trim();
    const newKey = "n".repeat(43);
    await prepareMasterKey(db, { key: newKey, previousKey: oldKey, file: keyFile });
    expect((await loadProviderSettings(db, { masterKey: newKey })).providers.find((p) => p.id === "openai")?.apiKey).toBe(API_KEY);
    await expect(resolveSecrets(db, ["CRM_TOKEN"], { masterKey: oldKey })).rejects.toThrow(/different master key/);
    // Without the previous key the old one no longer fits.
    await expect(prepareMasterKey(db, { file: keyFile })).rejects.toThrow(/does not match/);
  });

  it("tightens a key file readable by others to 0600", async () => {
    const file = join(tempDir(), "loose.key");
    writeFileSync(file, "l".repeat(43), { mode: 0o644 });
    const logs: string[] = [];
    // Not this database's key (so it refuses), but the file is made private first either way.
    await expect(prepareMasterKey(get().handle.db, { file, log: (l) => logs.push(l) })).rejects.toThrow(/does not match/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(logs.join()).toContain("mode is now 0600");
  });
});
