import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { parseRole, type Role } from "@/server/auth/roles";
import type { ApiKeyCreated, ApiKeyCreateInput, ApiKeySummary } from "./api-keys.schema";

/**
 * API keys authenticate the REST API. Only a SHA-256 hash is stored: keys are 192-bit random
 * strings, so a fast hash is enough (no dictionary to attack) and lookups stay O(1) by hash.
 */
export const API_KEY_PREFIX = "bk_";
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;
/** lastUsedAt is informational; skip the write when it was touched recently. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(24).toString("base64url");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  source: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy?: { email: string } | null;
};

function toSummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: parseRole(row.role),
    source: row.source === "bootstrap" ? "bootstrap" : "user",
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    createdByEmail: row.createdBy?.email ?? null,
  };
}

export async function createApiKey(
  db: Db,
  params: ApiKeyCreateInput & { createdById: string | null },
): Promise<ApiKeyCreated> {
  const key = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      name: params.name,
      role: params.role,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      createdById: params.createdById,
    },
    include: { createdBy: { select: { email: true } } },
  });
  return { ...toSummary(row), key };
}

/** All keys, newest first, revoked ones included (they show as revoked). Never the key itself. */
export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  const rows = await db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    include: { createdBy: { select: { email: true } } },
  });
  return rows.map(toSummary);
}

export async function revokeApiKey(db: Db, params: { id: string }): Promise<ApiKeySummary> {
  const existing = await db.apiKey.findUnique({ where: { id: params.id } });
  if (!existing) {
    throw new AppError("NOT_FOUND", "This API key does not exist. Reload the list.", { id: params.id });
  }
  const row = existing.revokedAt
    ? await db.apiKey.findUniqueOrThrow({
        where: { id: params.id },
        include: { createdBy: { select: { email: true } } },
      })
    : await db.apiKey.update({
        where: { id: params.id },
        data: { revokedAt: new Date() },
        include: { createdBy: { select: { email: true } } },
      });
  return toSummary(row);
}

export type ApiKeyPrincipal = { role: Role; keyId: string };

/**
 * Resolve `Authorization: Bearer bk_…` to the key's role. Throws AppError("UNAUTHENTICATED")
 * with a message that says what to fix; never reveals whether a key once existed.
 */
export async function authenticateApiKey(
  db: Db,
  authorizationHeader: string | null | undefined,
  now: Date = new Date(),
): Promise<ApiKeyPrincipal> {
  if (!authorizationHeader) {
    throw new AppError(
      "UNAUTHENTICATED",
      "Missing API key. Send it as 'Authorization: Bearer bk_…' (create one in Settings → API keys).",
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader);
  const key = match?.[1];
  if (!key) {
    throw new AppError(
      "UNAUTHENTICATED",
      "Malformed Authorization header. Expected 'Authorization: Bearer bk_…'.",
    );
  }
  const hash = hashApiKey(key);
  const row = await db.apiKey.findUnique({ where: { hash } });
  // The lookup is by hash, but compare again in constant time so equality is not decided by the index alone.
  if (!row || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex"))) {
    throw new AppError("UNAUTHENTICATED", "Invalid API key. Check the key or create a new one in Settings.");
  }
  if (row.revokedAt) {
    throw new AppError("UNAUTHENTICATED", "This API key has been revoked. Create a new one in Settings.");
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { role: parseRole(row.role), keyId: row.id };
}

/**
 * Register a key supplied by the operator (BATON_BOOTSTRAP_API_KEY) as an admin key.
 * Idempotent: the same key on every start is a no-op; a revoked bootstrap key stays revoked.
 */
export async function registerApiKey(
  db: Db,
  params: { key: string; name: string; role: Role; source: "user" | "bootstrap" },
): Promise<{ id: string; created: boolean }> {
  // Generated keys start with bk_; an operator-supplied bootstrap key may be any long random string.
  if (params.key.length < 20 || /\s/.test(params.key)) {
    throw new AppError("BAD_REQUEST", "API keys need at least 20 characters and no whitespace.");
  }
  const hash = hashApiKey(params.key);
  const existing = await db.apiKey.findUnique({ where: { hash } });
  if (existing) return { id: existing.id, created: false };
  const row = await db.apiKey.create({
    data: {
      name: params.name,
      role: params.role,
      prefix: displayPrefix(params.key),
      hash,
      source: params.source,
    },
  });
  return { id: row.id, created: true };
}
