import { BlockList, isIP } from "node:net";

/**
 * Which address a request comes from, for sign-in rate limits. Forwarded headers are set by
 * whoever sends the request, so they are believed only when the TCP peer is a proxy the operator
 * listed in BATON_TRUSTED_PROXIES; otherwise the socket address is the client. The host process
 * (which has the socket) resolves it once and passes it to better-auth in CLIENT_IP_HEADER,
 * overwriting anything a client sent under that name.
 */
export const CLIENT_IP_HEADER = "x-baton-client-ip";

export type TrustedProxies = readonly string[];

/** Parses `BATON_TRUSTED_PROXIES` (comma-separated IPs or CIDR ranges); throws naming the bad entry. */
export function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const [ip, prefix, extra] = entry.split("/");
    const family = isIP(ip ?? "");
    const max = family === 6 ? 128 : 32;
    const okPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (!family || !okPrefix || extra !== undefined) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.1, 10.0.0.0/8, ::1)`);
    }
  }
  return entries;
}

function blockList(trusted: TrustedProxies): BlockList {
  const list = new BlockList();
  for (const entry of trusted) {
    const [ip, prefix] = entry.split("/") as [string, string | undefined];
    const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(prefix), type);
  }
  return list;
}

function normalise(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return v4 ? v4[1]! : ip.toLowerCase();
}

function isTrusted(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  if (!family) return false;
  return list.check(ip, family === 6 ? "ipv6" : "ipv4");
}

export function createClientIpResolver(trusted: TrustedProxies) {
  const list = blockList(trusted);
  /**
   * The client address: the socket's, unless the socket is a trusted proxy; then the right-most
   * X-Forwarded-For hop that is not itself a trusted proxy (hops left of it are client-supplied),
   * or X-Real-IP when there is no X-Forwarded-For.
   */
  return function resolveClientIp(socketAddress: string | undefined, headers: { forwardedFor?: string | undefined; realIp?: string | undefined }): string | undefined {
    if (!socketAddress) return undefined;
    const peer = normalise(socketAddress);
    if (trusted.length === 0 || !isTrusted(list, peer)) return peer;
    const hops = (headers.forwardedFor ?? "").split(",").map((h) => normalise(h.trim())).filter(Boolean);
    if (hops.length === 0) {
      const real = headers.realIp ? normalise(headers.realIp.trim()) : "";
      return isIP(real) ? real : peer;
    }
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (!isIP(hop)) return peer; // a malformed chain proves nothing: fall back to the proxy itself
      if (!isTrusted(list, hop)) return hop;
    }
    return hops[0]!;
  };
}
