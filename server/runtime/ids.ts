import { randomBytes } from "node:crypto";

/**
 * Readable public ids (`run_…`, `proc_…`, `esc_…`): a prefix and 20 random base32 characters
 * (100 bits), lowercase so they survive URLs and copy-paste. Internal ids stay cuids.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export function publicId(prefix: "run" | "proc" | "esc" | "ds" | "dsr" | "whk"): string {
  const bytes = randomBytes(20);
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return `${prefix}_${out}`;
}

/** Secret part of a webhook URL: 192 random bits. */
export function webhookToken(): string {
  return `wh_${randomBytes(24).toString("base64url")}`;
}
