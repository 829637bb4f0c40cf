/**
 * `npm run admin:reset-password [-- <email>]`: prints a new one-time password for that user, or
 * for the first admin when no email is given. Uses DATABASE_URL like `npm start`; Baton may be
 * running meanwhile (the user's sessions are revoked, the new password works at once).
 */
import { env } from "@/server/env";
import { openDatabase } from "@/server/db/client";
import { resetPassword } from "@/server/auth/bootstrap.service";
import { migrate } from "../../scripts/db.mjs";

async function main() {
  const email = process.argv.slice(2).find((a) => !a.startsWith("-"));
  // Quiet: the output is the credentials, nothing else (migrations normally ran at start already).
  await migrate(env.DATABASE_URL, { log: () => {} });
  const handle = await openDatabase(env.DATABASE_URL);
  try {
    const r = await resetPassword(handle.db, { email });
    process.stdout.write(
      `[baton] New password for ${r.email} (shown only once; their sessions were signed out):\n` +
        `[baton]   email:    ${r.email}\n[baton]   password: ${r.password}\n`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(`[baton] admin:reset-password failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
