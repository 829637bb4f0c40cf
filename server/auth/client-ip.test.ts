import { describe, expect, it } from "vitest";
import { createClientIpResolver, parseTrustedProxies } from "./client-ip";

describe("client IP for sign-in rate limits", () => {
  it("without trusted proxies, forwarded headers are ignored: the socket address is the client", () => {
    const resolve = createClientIpResolver([]);
    expect(resolve("203.0.113.7", { forwardedFor: "1.2.3.4", realIp: "5.6.7.8" })).toBe("203.0.113.7");
    expect(resolve("::ffff:203.0.113.7", {})).toBe("203.0.113.7");
    expect(resolve(undefined, { forwardedFor: "1.2.3.4" })).toBeUndefined();
  });

  it("behind a trusted proxy, takes the right-most untrusted X-Forwarded-For hop", () => {
    const resolve = createClientIpResolver(parseTrustedProxies("10.0.0.0/8, 127.0.0.1"));
    expect(resolve("127.0.0.1", { forwardedFor: "198.51.100.9" })).toBe("198.51.100.9");
    // The left-most entry is whatever the client wrote: not believed.
    expect(resolve("10.0.0.2", { forwardedFor: "6.6.6.6, 198.51.100.9, 10.0.0.5" })).toBe("198.51.100.9");
    expect(resolve("10.0.0.2", { realIp: "198.51.100.10" })).toBe("198.51.100.10");
    expect(resolve("10.0.0.2", { forwardedFor: "garbage" })).toBe("10.0.0.2");
    // A direct client (not a proxy) cannot choose its address with a header.
    expect(resolve("203.0.113.7", { forwardedFor: "198.51.100.9" })).toBe("203.0.113.7");
  });

  it("validates BATON_TRUSTED_PROXIES, naming the bad entry", () => {
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies(" 10.0.0.0/8 ,::1,fd00::/8 ")).toEqual(["10.0.0.0/8", "::1", "fd00::/8"]);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow('"10.0.0.0/33"');
    expect(() => parseTrustedProxies("proxy.local")).toThrow('"proxy.local"');
    expect(() => parseTrustedProxies("10.0.0.1/8/1")).toThrow("CIDR");
  });
});
