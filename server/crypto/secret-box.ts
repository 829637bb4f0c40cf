import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Provider API keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the instance's
 * auth secret, serialised as `v1:<iv b64>:<tag b64>:<ciphertext b64>`. The version prefix lets a
 * later format (or key rotation) coexist with stored v1 values. An optional `context` (e.g. the
 * provider id) is bound as additional authenticated data, so a sealed key copied onto another
 * row does not open there.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = "baton/secret-box";
const INFO = "baton/secret-box/v1/provider-api-keys";
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

export function deriveKey(authSecret: string): Buffer {
  if (typeof authSecret !== "string" || authSecret.length < MIN_SECRET_LENGTH) {
    throw new SecretBoxError(
      "weak_secret",
      `The auth secret must be at least ${MIN_SECRET_LENGTH} characters to encrypt provider keys (set BATON_AUTH_SECRET).`,
    );
  }
  return Buffer.from(hkdfSync("sha256", authSecret, SALT, INFO, 32));
}

function aad(context: string | undefined): Buffer {
  return Buffer.from(`${VERSION}|${context ?? ""}`, "utf8");
}

export interface SecretBox {
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string;
}

/** Derives the key once; use this when sealing or opening many values. */
export function createSecretBox(authSecret: string): SecretBox {
  const key = deriveKey(authSecret);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(context));
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString("base64"), tag.toString("base64"), ct.toString("base64")].join(":");
    },
    open(sealed, context) {
      const parts = typeof sealed === "string" ? sealed.split(":") : [];
      if (parts.length !== 4) {
        throw new SecretBoxError("malformed", "The stored secret is not in the v1:<iv>:<tag>:<ciphertext> format.");
      }
      const [version, ivB64, tagB64, ctB64] = parts as [string, string, string, string];
      if (version !== VERSION) {
        throw new SecretBoxError("unsupported_version", `The stored secret uses format "${version}", which this version of Baton cannot read.`);
      }
      const iv = Buffer.from(ivB64, "base64");
      const tag = Buffer.from(tagB64, "base64");
      const ct = Buffer.from(ctB64, "base64");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretBoxError("malformed", "The stored secret is damaged (wrong IV or tag length).");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError(
          "decrypt_failed",
          "Could not decrypt the stored secret: it was encrypted under a different BATON_AUTH_SECRET, or it was altered. Enter the API key again in settings.",
        );
      }
    },
  };
}

export function sealSecret(plaintext: string, authSecret: string, context?: string): string {
  return createSecretBox(authSecret).seal(plaintext, context);
}

export function openSecret(sealed: string, authSecret: string, context?: string): string {
  return createSecretBox(authSecret).open(sealed, context);
}

/** Shape check only (no key needed): lets a migration tell sealed values from legacy plaintext. */
export function isSealed(value: string): boolean {
  return /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/.test(value);
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
