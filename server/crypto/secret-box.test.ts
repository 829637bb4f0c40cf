import { describe, expect, it } from "vitest";
import { createLegacySecretBox, createSecretBox, isLegacySealed, isSealed, mask, openProviderKey, openSecret, sealProviderKey, sealSecret, SecretBoxError } from "./secret-box";

const SECRET = "a-very-long-instance-auth-secret-0123456789";
const OTHER = "another-instance-auth-secret-abcdefghijklmnop";
const KEY = "sk-proj-AbCdEfGh1234567890wxyz";

function thrown(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretBoxError);
    return error as SecretBoxError;
  }
  throw new Error("expected a SecretBoxError");
}

describe("secret box", () => {
  it("round-trips, in the v2:<iv>:<tag>:<ct> format, with a fresh IV each time", () => {
    const sealed = sealSecret(KEY, SECRET);
    expect(sealed).toMatch(/^v2:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain(KEY);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(KEY)).toBe(false);
    expect(openSecret(sealed, SECRET)).toBe(KEY);
    expect(sealSecret(KEY, SECRET)).not.toBe(sealed);
    const box = createSecretBox(SECRET);
    expect(box.open(box.seal("ünïcødé ✓"))).toBe("ünïcødé ✓");
    expect(box.open(box.seal(""))).toBe("");
  });

  it("detects tampering with the ciphertext, tag or IV", () => {
    const sealed = sealSecret(KEY, SECRET);
    const [v, iv, tag, ct] = sealed.split(":") as [string, string, string, string];
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, "base64");
      buf[0] = buf[0]! ^ 1;
      return buf.toString("base64");
    };
    for (const altered of [[v, iv, tag, flip(ct)], [v, iv, flip(tag), ct], [v, flip(iv), tag, ct]]) {
      expect(thrown(() => openSecret(altered.join(":"), SECRET)).code).toBe("decrypt_failed");
    }
    expect(thrown(() => openSecret("v2:abc", SECRET)).code).toBe("malformed");
    expect(thrown(() => openSecret(`v3:${iv}:${tag}:${ct}`, SECRET)).code).toBe("unsupported_version");
  });

  it("fails with a clear error under the wrong secret or context", () => {
    const sealed = sealSecret(KEY, SECRET, "provider:openai");
    const wrong = thrown(() => openSecret(sealed, OTHER, "provider:openai"));
    expect(wrong.code).toBe("decrypt_failed");
    expect(wrong.message).toMatch(/different master key/);
    expect(wrong.message).not.toContain(KEY);
    expect(thrown(() => openSecret(sealed, SECRET, "provider:anthropic")).code).toBe("decrypt_failed");
    expect(openSecret(sealed, SECRET, "provider:openai")).toBe(KEY);
  });

  it("binds provider keys to their provider id", () => {
    const box = createSecretBox(SECRET);
    const sealed = sealProviderKey(box, "openai", KEY);
    expect(openProviderKey(box, "openai", sealed)).toBe(KEY);
    expect(thrown(() => openProviderKey(box, "anthropic", sealed)).code).toBe("decrypt_failed");
  });

  it("opens legacy v1 values (auth-secret key) only with the legacy box, and says to restart", () => {
    const legacy = createLegacySecretBox(SECRET).seal(KEY, "secret:X");
    expect(legacy.startsWith("v1:")).toBe(true);
    expect(isLegacySealed(legacy)).toBe(true);
    expect(isSealed(legacy)).toBe(true);
    expect(createLegacySecretBox(SECRET).open(legacy, "secret:X")).toBe(KEY);
    const e = thrown(() => createSecretBox(SECRET).open(legacy, "secret:X"));
    expect(e.code).toBe("unsupported_version");
    expect(e.message).toMatch(/Restart Baton/);
  });

  it("refuses a short master key", () => {
    expect(thrown(() => sealSecret(KEY, "short")).code).toBe("weak_secret");
  });

  it("masks keys to prefix and last four", () => {
    expect(mask("sk-1234567890abcd")).toBe("sk-…abcd");
    expect(mask(KEY)).toBe("sk-proj-…wxyz");
    expect(mask("sk-ant-api03-xxxxxxxxxxxxWXYZ")).toBe("sk-ant-…WXYZ");
    expect(mask("plainlongtoken9876")).toBe("…9876");
    expect(mask("short")).toBe("••••");
  });
});
