import { exampleContext, exampleGraphs } from "@/core";
import type { Db } from "@/server/db/client";
import { DEFAULT_PROVIDER_SETTINGS } from "@/server/providers/registry";
import { seedPriceTable, setSecret, setTierSettings } from "@/server/settings/settings.service";
import { importProcess, publishProcess } from "./processes.service";

const TIERS_KEY = "runtime.tiers";

/**
 * First-start content, idempotent: the price table and simulator tiers when empty, placeholder
 * values for the secrets the examples' tools reference, bound to the examples' simulated hosts, and the three
 * example processes, imported only when missing (user edits are kept) and published (an unchanged
 * plan publishes nothing). Called by the host at every start.
 */
export async function seedExampleProcesses(
  db: Db,
  opts: { masterKey?: string } = {},
): Promise<{ prices: number; processes: Array<{ slug: string; status: string; version?: number; error?: string }> }> {
  const prices = await seedPriceTable(db);
  if (!(await db.systemSetting.findUnique({ where: { key: TIERS_KEY } }))) await setTierSettings(db, DEFAULT_PROVIDER_SETTINGS.tiers);
  if (opts.masterKey) {
    for (const name of exampleContext.secrets ?? []) {
      const allowedUrls = exampleContext.secretScopes?.[name] ?? [];
      const existing = await db.secret.findUnique({ where: { name } });
      if (!existing) await setSecret(db, { name, value: `example-${name.toLowerCase()}`, allowedUrls }, { masterKey: opts.masterKey });
      // Stored before secrets had bindings ("[]" = nowhere): bind to the examples' simulated hosts only.
      else if (existing.allowedUrls === "[]") await db.secret.update({ where: { name }, data: { allowedUrls: JSON.stringify(allowedUrls) } });
    }
  }
  const processes: Array<{ slug: string; status: string; version?: number; error?: string }> = [];
  for (const [slug, graph] of Object.entries(exampleGraphs)) {
    // Publish only what was never published: an operator's unpublished draft edits must not go
    // live just because the server restarted.
    const existing = await db.process.findUnique({ where: { slug }, select: { _count: { select: { versions: true } } } });
    if (existing && existing._count.versions > 0) {
      processes.push({ slug, status: "exists" });
      continue;
    }
    if (!existing) await importProcess(db, { graph });
    try {
      const published = await publishProcess(db, { slug });
      processes.push({ slug, status: published.status, version: published.version.version });
    } catch (e) {
      processes.push({ slug, status: "error", error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { prices, processes };
}
