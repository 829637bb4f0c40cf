import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db/client";

/**
 * Instance secrets generated at first start and kept in the database (so a PostgreSQL-backed
 * deployment with several app processes shares them). Values never reach logs.
 */
export interface InstanceSecrets {
  authSecret: string;
  signingKey: string;
  eventKey: string;
}

const GENERATORS: Record<keyof InstanceSecrets, [string, () => string]> = {
  authSecret: ["auth.secret", () => randomBytes(32).toString("base64url")],
  // Same shape as Inngest's keys, so the SDK derives its bearer token the usual way.
  signingKey: ["engine.signing_key", () => `signkey-prod-${randomBytes(32).toString("hex")}`],
  eventKey: ["engine.event_key", () => randomBytes(32).toString("hex")],
};

export async function loadOrCreateSecrets(db: Db): Promise<InstanceSecrets> {
  const out = {} as InstanceSecrets;
  for (const [field, [key, make]] of Object.entries(GENERATORS) as [keyof InstanceSecrets, [string, () => string]][]) {
    // createMany + skipDuplicates is not on SQLite; create-or-read keeps two racing starts consistent.
    const existing = await db.systemSetting.findUnique({ where: { key } });
    if (existing) {
      out[field] = existing.value;
      continue;
    }
    try {
      out[field] = (await db.systemSetting.create({ data: { key, value: make() } })).value;
    } catch {
      out[field] = (await db.systemSetting.findUniqueOrThrow({ where: { key } })).value;
    }
  }
  return out;
}
