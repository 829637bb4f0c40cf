import type { Db } from "@/server/db/client";
import { registerApiKey } from "@/server/api-keys/api-keys.service";
import { createUser, generatePassword } from "./users.service";

/**
 * First-start helpers, called by the host process before it serves traffic.
 */

/**
 * When there are no users at all, create an admin with a random password and return the
 * credentials so the host can print them once. Returns `{ created: false }` otherwise.
 */
export async function ensureFirstAdmin(
  db: Db,
  params: { email: string },
): Promise<{ created: true; email: string; password: string } | { created: false }> {
  if ((await db.user.count()) > 0) return { created: false };
  const password = generatePassword();
  const user = await createUser(db, { email: params.email, name: "Admin", role: "admin", password });
  return { created: true, email: user.email, password };
}

/** Register BATON_BOOTSTRAP_API_KEY as an admin API key (idempotent). */
export async function registerBootstrapApiKey(
  db: Db,
  key: string,
): Promise<{ id: string; created: boolean }> {
  return registerApiKey(db, {
    key,
    name: "Bootstrap key (BATON_BOOTSTRAP_API_KEY)",
    role: "admin",
    source: "bootstrap",
  });
}
