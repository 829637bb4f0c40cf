import { z } from "zod";

/**
 * Where a stored secret may be sent. An admin binds each secret to hosts or URL prefixes when
 * creating it; a tool step that would send `{{ secrets.X }}` anywhere else is refused at design
 * time (validation) and again at call time (the runtime), because whoever can edit a graph could
 * otherwise point the URL at their own server and read the value.
 *
 * A target is either
 * - a host, optionally with a port: `api.example.com`, `localhost:8080`: any http(s) URL on exactly
 *   that host (no subdomains) and port (no port = the scheme's default port only); or
 * - a URL prefix: `https://api.example.com/v1/`: same scheme, host and port, and a path equal to the
 *   prefix's path or below it at a `/` boundary (`/v1` covers `/v1` and `/v1/x`, not `/v10`).
 */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

export type SecretTarget = { kind: "host"; hostname: string; port: string } | { kind: "prefix"; origin: string; path: string };

/** Parses one allowed target; null when it is neither a host nor an http(s) URL prefix. */
export function parseSecretTarget(raw: string): SecretTarget | null {
  const value = raw.trim();
  if (!value.includes("://")) {
    const lower = value.toLowerCase();
    if (!HOST.test(lower)) return null;
    const u = new URL(`http://${lower}`);
    return { kind: "host", hostname: u.hostname, port: u.port };
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || !u.hostname || u.username || u.password || u.search || u.hash) return null;
  return { kind: "prefix", origin: u.origin, path: u.pathname };
}

/** The canonical spelling stored for a target (lower-case host, default port dropped). */
export function formatSecretTarget(t: SecretTarget): string {
  return t.kind === "host" ? `${t.hostname}${t.port ? `:${t.port}` : ""}` : `${t.origin}${t.path}`;
}

export const SecretTargetInput = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((v) => parseSecretTarget(v) !== null, {
    error: "Enter a host (api.example.com, localhost:8080) or an http(s) URL prefix (https://api.example.com/v1/), without query or credentials",
  })
  .transform((v) => formatSecretTarget(parseSecretTarget(v)!));

function pathCovered(path: string, prefix: string): boolean {
  if (prefix.endsWith("/")) return path.startsWith(prefix);
  return path === prefix || path.startsWith(`${prefix}/`);
}

function matches(u: URL, t: SecretTarget): boolean {
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  if (u.username || u.password) return false;
  if (t.kind === "host") return u.hostname === t.hostname && u.port === t.port;
  return u.origin === t.origin && pathCovered(u.pathname, t.path);
}

/** Call-time check: may a secret bound to `targets` be sent with a request to this (rendered) URL? */
export function urlAllowedForSecret(url: string, targets: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return targets.some((raw) => {
    const t = parseSecretTarget(raw);
    return t !== null && matches(u, t);
  });
}

export type UrlTemplateVerdict = { ok: true } | { ok: false; reason: "templated-host" | "not-allowed"; origin?: string };

/**
 * Design-time check of a URL template such as `https://erp.example.com/po/{{ steps.x.output.id }}`.
 * Only the literal text before the first `{{` is known, so it must contain the whole origin
 * (scheme://host[:port] followed by `/`, `?` or `#`): a templated host could be anything. A URL
 * prefix target must also be covered by the literal path, up to a `/` boundary, since the
 * templated rest could otherwise leave it. The call-time check on the rendered URL stays
 * authoritative (it also sees `..` segments a value may carry).
 */
export function checkSecretUrlTemplate(template: string, targets: readonly string[]): UrlTemplateVerdict {
  const cut = template.indexOf("{{");
  const templated = cut >= 0;
  const literal = templated ? template.slice(0, cut) : template;
  let u: URL;
  try {
    if (templated && !/^https?:\/\/[^/?#\\]*[/?#\\]/i.test(literal.trimStart())) return { ok: false, reason: "templated-host" };
    u = new URL(literal.trim());
  } catch {
    return { ok: false, reason: templated ? "templated-host" : "not-allowed" };
  }
  const ok = targets.some((raw) => {
    const t = parseSecretTarget(raw);
    if (!t || !matches(u, t)) return false;
    // Templated text only in the query or fragment cannot change the path.
    if (!templated || t.kind === "host" || /[?#]/.test(literal.slice(literal.indexOf("//") + 2))) return true;
    // The literal must reach past the prefix, at a boundary, before any templated text.
    const needed = t.path.endsWith("/") ? t.path : `${t.path}/`;
    return u.pathname.startsWith(needed);
  });
  return ok ? { ok: true } : { ok: false, reason: "not-allowed", origin: u.origin };
}

const SECRET_REF = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of the secrets a template uses, sorted and unique. */
export function secretNamesIn(...templates: string[]): string[] {
  const names = new Set<string>();
  for (const t of templates) for (const m of t.matchAll(SECRET_REF)) names.add(m[1]!);
  return [...names].sort();
}
