import { generateRandomString, hashPassword } from "better-auth/crypto";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { parseRole } from "./roles";
import type { UserCreateInput, UserSummary, UserUpdateInput } from "./users.schema";

/**
 * Users are created by admins (public sign-up is off). Rows follow better-auth's schema: a user
 * plus a "credential" account holding the scrypt hash, exactly what better-auth's own sign-up writes,
 * so sign-in works through better-auth without special cases.
 */
const CREDENTIAL_PROVIDER = "credential";

function toSummary(row: { id: string; email: string; name: string; role: string; createdAt: Date }): UserSummary {
  return { id: row.id, email: row.email, name: row.name, role: parseRole(row.role), createdAt: row.createdAt };
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.user.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(toSummary);
}

export async function createUser(db: Db, params: UserCreateInput): Promise<UserSummary> {
  const email = params.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) {
    throw new AppError("CONFLICT", `A user with the email ${email} already exists.`, { email });
  }
  const id = generateRandomString(32);
  const passwordHash = await hashPassword(params.password);
  const row = await db.user.create({
    data: {
      id,
      email,
      name: params.name,
      role: params.role,
      emailVerified: false,
      accounts: {
        create: {
          id: generateRandomString(32),
          accountId: id,
          providerId: CREDENTIAL_PROVIDER,
          password: passwordHash,
        },
      },
    },
  });
  return toSummary(row);
}

export async function updateUser(
  db: Db,
  params: UserUpdateInput & { actingUserId: string },
): Promise<UserSummary> {
  const user = await db.user.findUnique({ where: { id: params.id } });
  if (!user) throw new AppError("NOT_FOUND", "This user does not exist. Reload the list.", { id: params.id });
  if (user.role === "admin" && params.data.role !== "admin") {
    const admins = await db.user.count({ where: { role: "admin" } });
    if (admins <= 1) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "This is the only admin. Make another user an admin first, so someone can still manage Baton.",
      );
    }
  }
  const row = await db.user.update({ where: { id: params.id }, data: { role: params.data.role } });
  return toSummary(row);
}

export function generatePassword(): string {
  return generateRandomString(20, "a-z", "A-Z", "0-9");
}
