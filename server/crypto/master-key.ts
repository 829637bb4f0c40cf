import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Db } from "@/server/db/client";
import { createLegacySecretBox, createSecretBox, type SecretBox } from "./secret-box";
import { resealStoredSecrets } from "./reseal";

/**
 * The master key seals provider keys and secrets (secret-box v2). It is kept outside the database,
 * in BATON_MASTER_KEY or a key file (mode 0600; default ~/.config/baton/master.key, outside the
 * data directory), so a copy of the database, or a backup of it, opens nothing on its own.
 *
 * The database keeps a check value sealed under the key: a start with a missing or different key
 * stops with a clear message instead of creating a new key that cannot open what is stored.
 */
export const MASTER_KEY_CHECK = "crypto.master_key_check";
const CHECK_PLAINTEXT = "baton master key check";
const CHECK_CONTEXT = "master-key-check";

export function defaultMasterKeyFile(): string {
  return join(homedir(), ".config", "baton", "master.key");
}

export interface MasterKeyOptions {
  /** BATON_MASTER_KEY: wins over the file. */
  key?: string | undefined;
  /** BATON_MASTER_KEY_FILE (or the default path). */
  file: string;
  /** BATON_MASTER_KEY_PREVIOUS: during a rotation, the key values are sealed with now. */
  previousKey?: string | undefined;
  /** The auth secret that sealed values before the master key existed (v1), to re-seal them once. */
  legacyAuthSecret?: string | undefined;
  log?: (line: string) => void;
}

function readKeyFile(file: string, log: (line: string) => void): string | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  if (mode & 0o077) {
    chmodSync(file, 0o600);
    log(`master key file ${file} was readable by others: its mode is now 0600`);
  }
  const key = readFileSync(file, "utf8").trim();
  if (key.length < 32) throw new Error(`The master key file ${file} holds fewer than 32 characters. Restore the right file or set BATON_MASTER_KEY.`);
  return key;
}

function createKeyFile(file: string, log: (line: string) => void): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString("base64url");
  try {
    // "wx": two first starts racing do not overwrite each other's key.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return readKeyFile(file, log)!;
    throw e;
  }
  log(`created the master key ${file} (mode 0600). Back it up: without it, stored secrets and provider keys cannot be decrypted.`);
  return key;
}

function opens(box: SecretBox, sealed: string): boolean {
  try {
    return box.open(sealed, CHECK_CONTEXT) === CHECK_PLAINTEXT;
  } catch {
    return false;
  }
}

/**
 * Loads (or, for a database that has none yet, creates) the master key, rotates from
 * `previousKey` and re-seals legacy v1 values when needed, and returns the key. Idempotent.
 */
export async function prepareMasterKey(db: Db, opts: MasterKeyOptions): Promise<string> {
  const log = opts.log ?? (() => {});
  const check = await db.systemSetting.findUnique({ where: { key: MASTER_KEY_CHECK } });
  let key = opts.key ?? readKeyFile(opts.file, log);
  if (!key) {
    if (check) {
      throw new Error(
        `The stored secrets are sealed with a master key that is not here: ${opts.file} does not exist and BATON_MASTER_KEY is not set. ` +
          "Restore the key file (or set BATON_MASTER_KEY / BATON_MASTER_KEY_FILE); see docs/security.md.",
      );
    }
    key = createKeyFile(opts.file, log);
  }
  const box = createSecretBox(key);
  if (check && !opens(box, check.value)) {
    const previous = opts.previousKey ? createSecretBox(opts.previousKey) : undefined;
    if (!previous || !opens(previous, check.value)) {
      throw new Error(
        `The master key (${opts.key ? "BATON_MASTER_KEY" : opts.file}) does not match the one this database's secrets are sealed with. ` +
          "Restore the right key; to rotate keys, set the old one as BATON_MASTER_KEY_PREVIOUS for one start (docs/security.md).",
      );
    }
    const n = await resealStoredSecrets(db, { from: previous, version: "v2", to: box, log });
    log(`master key rotated: re-sealed ${n} value(s) under the new key; BATON_MASTER_KEY_PREVIOUS can be removed now`);
  }
  if (opts.legacyAuthSecret) {
    const n = await resealStoredSecrets(db, { from: createLegacySecretBox(opts.legacyAuthSecret), version: "v1", to: box, log });
    if (n > 0) log(`re-sealed ${n} value(s) from the database-derived key under the master key`);
  }
  const value = box.seal(CHECK_PLAINTEXT, CHECK_CONTEXT);
  if (!check || !opens(box, check.value)) {
    await db.systemSetting.upsert({ where: { key: MASTER_KEY_CHECK }, create: { key: MASTER_KEY_CHECK, value }, update: { value } });
  }
  return key;
}
