import { createHash } from "node:crypto";

/**
 * Session tokens at rest: better-auth stores the token it puts in the cookie as is, so a copy of the
 * `session` table would be a list of live logins. This wraps its database adapter so the table
 * holds SHA-256(token) instead: writes hash the token, lookups hash the value they look for, and
 * a row found by its raw token is handed back with that raw token (better-auth writes it back into
 * the cookie on refresh). Rows listed without a raw token (by user) carry only the hash, so the
 * endpoints that act on listed tokens (list-sessions, revoke-session, revoke-other-sessions) are
 * disabled in auth.ts; sign-out and revoke-sessions (all of them) work. Tokens are 32 random
 * characters: no salt is needed.
 */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const HASHED = /^[0-9a-f]{64}$/;

type Where = { field: string; value: unknown; operator?: string; connector?: string };
type Args = { model: string; where?: Where[]; data?: Record<string, unknown>; update?: Record<string, unknown> } & Record<string, unknown>;
type AnyAdapter = Record<string, unknown> & { transaction?: (cb: (trx: AnyAdapter) => Promise<unknown>) => Promise<unknown> };

/** A stored hash is never accepted as a token: lookups always hash what they are given. */
function hashWhere(where: Where[] | undefined): Where[] | undefined {
  return where?.map((w) => {
    if (w.field !== "token") return w;
    const values = (Array.isArray(w.value) ? w.value : [w.value]).filter((v): v is string => typeof v === "string");
    const hashed = values.map(hashSessionToken);
    if (!Array.isArray(w.value) && hashed.length === 1) return { ...w, value: hashed[0] };
    return { ...w, operator: w.operator === "not_in" ? "not_in" : "in", value: hashed };
  });
}

/** The raw token a query looked a single row up by, if it did. */
function rawToken(where: Where[] | undefined): string | undefined {
  const w = where?.find((x) => x.field === "token" && (x.operator ?? "eq") === "eq" && typeof x.value === "string");
  return w?.value as string | undefined;
}

function withRaw<T>(row: T, raw: string | undefined): T {
  return row && raw && typeof row === "object" ? { ...row, token: raw } : row;
}

export function wrapAdapter<A extends object>(adapter: A): A {
  const a = adapter as unknown as AnyAdapter;
  const call = (name: string, args: Args) => (a[name] as (x: Args) => Promise<unknown>).call(a, args);
  const session = (args: Args) => args.model === "session";
  const wrapped: AnyAdapter = {
    ...a,
    create: async (args: Args) => {
      const token = args.data?.token;
      if (!session(args) || typeof token !== "string") return call("create", args);
      return withRaw(await call("create", { ...args, data: { ...args.data, token: hashSessionToken(token) } }), token);
    },
    findOne: async (args: Args) => (session(args) ? withRaw(await call("findOne", { ...args, where: hashWhere(args.where) }), rawToken(args.where)) : call("findOne", args)),
    findMany: async (args: Args) => {
      if (!session(args)) return call("findMany", args);
      const rows = (await call("findMany", { ...args, where: hashWhere(args.where) })) as Array<Record<string, unknown>>;
      // Rows looked up by raw tokens (`in`) get them back, so callers can match rows to tokens.
      const asked = args.where?.find((w) => w.field === "token" && Array.isArray(w.value))?.value as string[] | undefined;
      if (!asked) return rows;
      const byHash = new Map(asked.map((t) => [hashSessionToken(t), t]));
      return rows.map((r) => (typeof r.token === "string" && byHash.has(r.token) ? { ...r, token: byHash.get(r.token) } : r));
    },
    update: async (args: Args) => (session(args) ? withRaw(await call("update", { ...args, where: hashWhere(args.where) }), rawToken(args.where)) : call("update", args)),
    updateMany: async (args: Args) => call("updateMany", session(args) ? { ...args, where: hashWhere(args.where) } : args),
    count: async (args: Args) => call("count", session(args) ? { ...args, where: hashWhere(args.where) } : args),
    delete: async (args: Args) => call("delete", session(args) ? { ...args, where: hashWhere(args.where) } : args),
    deleteMany: async (args: Args) => call("deleteMany", session(args) ? { ...args, where: hashWhere(args.where) } : args),
  };
  if (typeof a.transaction === "function") {
    const transaction = a.transaction.bind(a);
    // The transaction's own adapter must hash too (better-auth runs writes through it).
    wrapped.transaction = (cb) => transaction((trx) => cb(wrapAdapter(trx)));
  }
  return wrapped as unknown as A;
}

/** Wraps a better-auth adapter factory (e.g. `prismaAdapter(db, …)`). */
export function withHashedSessionTokens<F extends (...args: never[]) => object>(factory: F): F {
  return ((...args: Parameters<F>) => wrapAdapter(factory(...args))) as unknown as F;
}

/**
 * Start-up: sessions created before tokens were hashed hold the raw token; hash them in place so
 * nobody is signed out and no raw token stays at rest. Idempotent (hashes are 64 hex characters;
 * raw tokens are 32 alphanumerics).
 */
export async function hashStoredSessionTokens(db: { session: { findMany(args: object): Promise<Array<{ id: string; token: string }>>; updateMany(args: object): Promise<{ count: number }> } }): Promise<number> {
  const rows = await db.session.findMany({ select: { id: true, token: true } });
  let n = 0;
  for (const row of rows) {
    if (HASHED.test(row.token)) continue;
    n += (await db.session.updateMany({ where: { id: row.id, token: row.token }, data: { token: hashSessionToken(row.token) } })).count;
  }
  return n;
}
