import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const PREFIX_RE = /^signkey-[\w]+-/;

export function stripSigningKeyPrefix(key: string): string {
  return key.replace(PREFIX_RE, "");
}

/** The bearer token the SDK sends: prefix preserved, sha256 of the hex-decoded key. */
export function hashedSigningKey(key: string): string {
  const prefix = key.match(PREFIX_RE)?.[0] ?? "";
  return prefix + createHash("sha256").update(Buffer.from(stripSigningKeyPrefix(key), "hex")).digest("hex");
}

/** `x-inngest-signature` for a request body (already JCS-canonical): HMAC-SHA256(key text, body + t). */
export function signBody(body: string, signingKey: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const s = createHmac("sha256", stripSigningKeyPrefix(signingKey)).update(body + t).digest("hex");
  return `t=${t}&s=${s}`;
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Checks `Authorization: Bearer <hashed key>` against the signing key and its fallback. */
export class BearerCheck {
  private readonly accepted: string[];
  constructor(keys: Array<string | undefined>) {
    this.accepted = keys.filter((k): k is string => !!k).map((k) => `Bearer ${hashedSigningKey(k)}`);
  }
  ok(header: string | null | undefined): boolean {
    if (!header) return false;
    for (const a of this.accepted) if (safeEqual(a, header)) return true;
    return false;
  }
}
