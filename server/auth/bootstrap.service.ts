import { generateRandomString, hashPassword } from "better-auth/crypto";
import type { Db } from "@/server/db/client";
import { registerApiKey } from "@/server/api-keys/api-keys.service";
import { AppError } from "@/server/errors";
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

/**
 * `npm run admin:reset-password [email]`: a new random password for that user (default: the
 * oldest admin), for someone who missed the one-time password or forgot theirs. Signs the user out
 * everywhere, so a leaked old session stops working too.
 */
export async function resetPassword(
  db: Db,
  params: { email?: string | undefined },
): Promise<{ email: string; password: string }> {
  const email = params.email?.trim().toLowerCase();
  const user = email
    ? await db.user.findUnique({ where: { email } })
    : await db.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!user) {
    throw new AppError(
      "NOT_FOUND",
      email ? `No user has the email ${email}.` : "There is no admin yet: start Baton once (npm start) to create one.",
    );
  }
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    // Same row shape better-auth's sign-up writes; a user without one (never had a password) gets it.
    const updated = await tx.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: hash } });
    if (updated.count === 0) {
      await tx.account.create({
        data: { id: generateRandomString(32), accountId: user.id, providerId: "credential", userId: user.id, password: hash },
      });
    }
    await tx.session.deleteMany({ where: { userId: user.id } });
  });
  return { email: user.email, password };
}
