import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Provider API keys and secrets at rest: AES-256-GCM, serialised as
 * `<version>:<iv b64>:<tag b64>:<ciphertext b64>`. An optional `context` (e.g. the provider id) is
 * bound as additional authenticated data, so a sealed value copied onto another row does not open.
 *
 * - v2 (current): the key is derived (HKDF-SHA256) from the instance's master key, which lives
 *   outside the database (a key file or BATON_MASTER_KEY; server/crypto/master-key.ts), so a copy
 *   of the database alone cannot open anything.
 * - v1 (legacy, open-only): derived from the auth secret, which is stored in the database.
 *   Start-up re-seals v1 values under the master key once (server/crypto/reseal.ts).
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = "baton/secret-box";
const INFO = { v1: "baton/secret-box/v1/provider-api-keys", v2: "baton/secret-box/v2/master-key" } as const;
type Version = keyof typeof INFO;
export const MIN_SECRET_LENGTH = 32;

export type SecretBoxErrorCode = "weak_secret" | "malformed" | "unsupported_version" | "decrypt_failed";

export class SecretBoxError extends Error {
  readonly code: SecretBoxErrorCode;
  constructor(code: SecretBoxErrorCode, message: string) {
    super(message);
    this.name = "SecretBoxError";
    this.code = code;
  }
}

export function deriveKey(secret: string, version: Version = "v2"): Buffer {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new SecretBoxError(
      "weak_secret",
      `The master key must be at least ${MIN_SECRET_LENGTH} characters to encrypt secrets (BATON_MASTER_KEY or the key file).`,
    );
  }
  return Buffer.from(hkdfSync("sha256", secret, SALT, INFO[version], 32));
}

function aad(version: Version, context: string | undefined): Buffer {
  return Buffer.from(`${version}|${context ?? ""}`, "utf8");
}

export interface SecretBox {
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string;
}

function box(secret: string, version: Version): SecretBox {
  const key = deriveKey(secret, version);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(version, context));
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [version, iv.toString("base64"), tag.toString("base64"), ct.toString("base64")].join(":");
    },
    open(sealed, context) {
      const parts = typeof sealed === "string" ? sealed.split(":") : [];
      if (parts.length !== 4) {
        throw new SecretBoxError("malformed", "The stored secret is not in the <version>:<iv>:<tag>:<ciphertext> format.");
      }
      const [found, ivB64, tagB64, ctB64] = parts as [string, string, string, string];
      if (found !== version) {
        throw new SecretBoxError(
          "unsupported_version",
          found === "v1"
            ? "The stored secret is still sealed with the old database-derived key. Restart Baton: start-up re-seals it under the master key."
            : `The stored secret uses format "${found}", which this version of Baton cannot read.`,
        );
      }
      const iv = Buffer.from(ivB64, "base64");
      const tag = Buffer.from(tagB64, "base64");
      const ct = Buffer.from(ctB64, "base64");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretBoxError("malformed", "The stored secret is damaged (wrong IV or tag length).");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(version, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError(
          "decrypt_failed",
          "Could not decrypt the stored secret: it was encrypted under a different master key, or it was altered. Enter it again in settings.",
        );
      }
    },
  };
}

/** The current box, keyed by the master key. Derives the key once: reuse it for many values. */
export function createSecretBox(masterKey: string): SecretBox {
  return box(masterKey, "v2");
}

/** The pre-master-key box (key derived from the auth secret in the database); for re-sealing only. */
export function createLegacySecretBox(authSecret: string): SecretBox {
  return box(authSecret, "v1");
}

export function sealSecret(plaintext: string, masterKey: string, context?: string): string {
  return createSecretBox(masterKey).seal(plaintext, context);
}

export function openSecret(sealed: string, masterKey: string, context?: string): string {
  return createSecretBox(masterKey).open(sealed, context);
}

/** Shape check only (no key needed): lets a migration tell sealed values from legacy plaintext. */
export function isSealed(value: string): boolean {
  return /^v[12]:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/.test(value);
}

/** Sealed under the legacy, database-derived key (to be re-sealed at start-up). */
export function isLegacySealed(value: string): boolean {
  return value.startsWith("v1:");
}

/**
 * What the API and UI may show of a key: its well-known prefix and last four characters,
 * `sk-…abcd`, `sk-ant-…wxyz`. Short values show nothing but their length class.
 */
export function mask(key: string): string {
  const trimmed = key.trim();
  if (trimmed.length < 12) return "••••";
  const prefix = /^(sk-ant-|sk-proj-|sk-or-|sk-|gsk_|xai-|AIza)/.exec(trimmed)?.[0] ?? "";
  return `${prefix}…${trimmed.slice(-4)}`;
}

/**
 * The convention for provider keys: each is bound to its provider id, so a sealed OpenAI key
 * pasted into the Anthropic row fails to open instead of being sent to the wrong vendor.
 */
export function sealProviderKey(box: SecretBox, providerId: string, apiKey: string): string {
  return box.seal(apiKey, `provider:${providerId}`);
}

export function openProviderKey(box: SecretBox, providerId: string, sealed: string): string {
  return box.open(sealed, `provider:${providerId}`);
}
