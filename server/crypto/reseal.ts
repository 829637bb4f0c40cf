import type { Db } from "@/server/db/client";
import type { SecretBox } from "./secret-box";

/**
 * Re-seals every stored secret, provider key and webhook signing secret sealed in `version` from `from` to `to`. Each row
 * is updated only if it still holds the value read (a concurrent edit wins), so a crash midway
 * loses nothing: the next start continues with the rows left. Values that do not open under
 * `from` were unreadable already; they are left as they are and named in the log.
 */
export async function resealStoredSecrets(db: Db, opts: { from: SecretBox; version: "v1" | "v2"; to: SecretBox; log: (line: string) => void }): Promise<number> {
  const prefix = `${opts.version}:`;
  let n = 0;
  const reseal = (sealed: string, context: string): string | undefined => {
    try {
      return opts.to.seal(opts.from.open(sealed, context), context);
    } catch {
      opts.log(`could not re-seal ${context}: it does not open with the old key (it was unreadable before); enter it again in Settings`);
      return undefined;
    }
  };
  for (const row of await db.secret.findMany({ where: { valueEncrypted: { startsWith: prefix } }, select: { name: true, valueEncrypted: true } })) {
    const next = reseal(row.valueEncrypted, `secret:${row.name}`);
    if (next === undefined) continue;
    n += (await db.secret.updateMany({ where: { name: row.name, valueEncrypted: row.valueEncrypted }, data: { valueEncrypted: next } })).count;
  }
  for (const row of await db.modelProvider.findMany({ where: { apiKeyEncrypted: { startsWith: prefix } }, select: { id: true, apiKeyEncrypted: true } })) {
    if (!row.apiKeyEncrypted) continue;
    const next = reseal(row.apiKeyEncrypted, `provider:${row.id}`);
    if (next === undefined) continue;
    n += (await db.modelProvider.updateMany({ where: { id: row.id, apiKeyEncrypted: row.apiKeyEncrypted }, data: { apiKeyEncrypted: next } })).count;
  }
  for (const row of await db.notificationWebhook.findMany({ where: { secretEncrypted: { startsWith: prefix } }, select: { id: true, publicId: true, secretEncrypted: true } })) {
    const next = reseal(row.secretEncrypted, `webhook:${row.publicId}`);
    if (next === undefined) continue;
    n += (await db.notificationWebhook.updateMany({ where: { id: row.id, secretEncrypted: row.secretEncrypted }, data: { secretEncrypted: next } })).count;
  }
  return n;
}
