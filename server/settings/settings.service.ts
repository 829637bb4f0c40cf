import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { createSecretBox } from "@/server/crypto/secret-box";
import { DEFAULT_PROVIDER_SETTINGS, type ProviderConfig, type ProviderSettings } from "@/server/providers/registry";
import { SEED_PRICE_TABLE, type PriceRow } from "@/server/pricing/price-table";
import type { ValidationContext } from "@/core";
import type { PriceRowOutput, ProviderInput, ProviderSummary, TierSettings } from "./settings.schema";
import { tierSettings } from "./settings.schema";

/**
 * Runtime settings: which model each tier maps to, configured providers (keys sealed with the
 * instance secret), the editable price table and stored secrets. Plain functions over the db.
 */
const TIERS_KEY = "runtime.tiers";

export async function getTierSettings(db: Db): Promise<TierSettings> {
  const row = await db.systemSetting.findUnique({ where: { key: TIERS_KEY } });
  if (!row) return { ...DEFAULT_PROVIDER_SETTINGS.tiers };
  const parsed = tierSettings.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : { ...DEFAULT_PROVIDER_SETTINGS.tiers };
}

export async function setTierSettings(db: Db, tiers: TierSettings): Promise<TierSettings> {
  const value = JSON.stringify(tierSettings.parse(tiers));
  await db.systemSetting.upsert({ where: { key: TIERS_KEY }, create: { key: TIERS_KEY, value }, update: { value } });
  return getTierSettings(db);
}

// -------------------------------------------------------------------------------- providers

export async function listProviders(db: Db): Promise<ProviderSummary[]> {
  const rows = await db.modelProvider.findMany({ orderBy: { id: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ProviderSummary["kind"],
    name: r.name,
    baseUrl: r.baseUrl,
    hasApiKey: Boolean(r.apiKeyEncrypted),
  }));
}

export async function upsertProvider(db: Db, input: ProviderInput, opts: { masterKey?: string }): Promise<ProviderSummary> {
  let apiKeyEncrypted: string | undefined;
  if (input.apiKey) {
    if (!opts.masterKey) throw new AppError("PRECONDITION_FAILED", "Provider keys cannot be stored: the instance has no master key (BATON_MASTER_KEY; npm start provides one).");
    apiKeyEncrypted = createSecretBox(opts.masterKey).seal(input.apiKey, `provider:${input.id}`);
  }
  const data = { kind: input.kind, name: input.name, baseUrl: input.baseUrl ?? null, ...(apiKeyEncrypted ? { apiKeyEncrypted } : {}) };
  await db.modelProvider.upsert({ where: { id: input.id }, create: { id: input.id, ...data }, update: data });
  return (await listProviders(db)).find((p) => p.id === input.id)!;
}

export async function deleteProvider(db: Db, params: { id: string }): Promise<{ id: string }> {
  await db.modelProvider.deleteMany({ where: { id: params.id } });
  return { id: params.id };
}

/**
 * The provider settings the runtime builds its registry from, keys decrypted. The simulator
 * (`sim`) is always there unless a row replaces it, so offline tiers keep working.
 */
export async function loadProviderSettings(db: Db, opts: { masterKey?: string }): Promise<ProviderSettings> {
  const rows = await db.modelProvider.findMany({ orderBy: { id: "asc" } });
  const tiers = await getTierSettings(db);
  const box = opts.masterKey ? createSecretBox(opts.masterKey) : undefined;
  const providers: ProviderConfig[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind as ProviderConfig["kind"],
    ...(r.baseUrl ? { baseUrl: r.baseUrl } : {}),
    ...(r.apiKeyEncrypted && box ? { apiKey: box.open(r.apiKeyEncrypted, `provider:${r.id}`) } : {}),
  }));
  const builtIn = DEFAULT_PROVIDER_SETTINGS.providers.filter((p) => !rows.some((r) => r.id === p.id));
  return { providers: [...builtIn, ...providers], tiers };
}

// -------------------------------------------------------------------------------- prices

const priceOut = (r: { model: string; inputPerM: number; cachedInputPerM: number; outputPerM: number; source: string; asOf: string | null; sourceUrl: string | null }): PriceRowOutput => ({
  model: r.model,
  inputPerM: r.inputPerM,
  cachedInputPerM: r.cachedInputPerM,
  outputPerM: r.outputPerM,
  source: r.source,
  asOf: r.asOf,
  sourceUrl: r.sourceUrl,
});

export async function listPrices(db: Db): Promise<PriceRowOutput[]> {
  const rows = await db.modelPrice.findMany({ orderBy: { model: "asc" } });
  return rows.map(priceOut);
}

/** The price table as the pricing module takes it; the seed table while the database has none. */
export async function loadPriceTable(db: Db): Promise<PriceRow[]> {
  const rows = await listPrices(db);
  if (rows.length === 0) return SEED_PRICE_TABLE;
  return rows.map((r) => ({ model: r.model, inputPerM: r.inputPerM, cachedInputPerM: r.cachedInputPerM, outputPerM: r.outputPerM, source: r.source, ...(r.asOf ? { asOf: r.asOf } : {}) }));
}

/** A user's price: dated today (UTC), with no vendor page. */
export async function upsertPrice(db: Db, row: Omit<PriceRowOutput, "source" | "asOf" | "sourceUrl">, now = new Date()): Promise<PriceRowOutput> {
  const data = { inputPerM: row.inputPerM, cachedInputPerM: row.cachedInputPerM, outputPerM: row.outputPerM, source: "user", asOf: now.toISOString().slice(0, 10), sourceUrl: null };
  const saved = await db.modelPrice.upsert({ where: { model: row.model }, create: { model: row.model, ...data }, update: data });
  return priceOut(saved);
}

const seedData = (row: PriceRow) => ({
  inputPerM: row.inputPerM,
  cachedInputPerM: row.cachedInputPerM ?? row.inputPerM,
  outputPerM: row.outputPerM,
  source: "seed",
  asOf: row.asOf ?? null,
  sourceUrl: row.source?.startsWith("https://") ? row.source : null,
});

/**
 * Inserts the seed prices when the table is empty, and brings rows still holding a seed price (never
 * edited) up to the shipped seed when it was re-checked (another `asOf`), so a corrected list price
 * reaches existing installations; a user's edit is never overwritten. Returns how many rows were written.
 */
export async function seedPriceTable(db: Db): Promise<number> {
  if ((await db.modelPrice.count()) > 0) {
    const stale = await db.modelPrice.findMany({ where: { source: "seed" }, select: { model: true, asOf: true } });
    const seed = new Map(SEED_PRICE_TABLE.map((r) => [r.model, r]));
    let n = 0;
    for (const row of stale) {
      const fresh = seed.get(row.model);
      if (!fresh || (fresh.asOf ?? null) === row.asOf) continue;
      await db.modelPrice.updateMany({ where: { model: row.model, source: "seed" }, data: seedData(fresh) });
      n++;
    }
    return n;
  }
  let n = 0;
  for (const row of SEED_PRICE_TABLE) {
    await db.modelPrice.upsert({ where: { model: row.model }, create: { model: row.model, ...seedData(row) }, update: {} });
    n++;
  }
  return n;
}

// -------------------------------------------------------------------------------- secrets

/** Stored as a JSON array; anything unreadable counts as "nowhere" (the safe reading). */
export function parseAllowedUrls(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

export async function listSecrets(db: Db): Promise<Array<{ name: string; allowedUrls: string[]; updatedAt: Date }>> {
  const rows = await db.secret.findMany({ select: { name: true, allowedUrls: true, updatedAt: true }, orderBy: { name: "asc" } });
  return rows.map((r) => ({ name: r.name, allowedUrls: parseAllowedUrls(r.allowedUrls), updatedAt: r.updatedAt }));
}

export async function setSecret(
  db: Db,
  input: { name: string; value: string; allowedUrls: string[] },
  opts: { masterKey?: string },
): Promise<{ name: string; allowedUrls: string[]; updatedAt: Date }> {
  if (!opts.masterKey) throw new AppError("PRECONDITION_FAILED", "Secrets cannot be stored: the instance has no master key (BATON_MASTER_KEY; npm start provides one).");
  const valueEncrypted = createSecretBox(opts.masterKey).seal(input.value, `secret:${input.name}`);
  const allowedUrls = JSON.stringify([...new Set(input.allowedUrls)].sort());
  const row = await db.secret.upsert({ where: { name: input.name }, create: { name: input.name, valueEncrypted, allowedUrls }, update: { valueEncrypted, allowedUrls } });
  return { name: row.name, allowedUrls: parseAllowedUrls(row.allowedUrls), updatedAt: row.updatedAt };
}

export async function deleteSecret(db: Db, params: { name: string }): Promise<{ name: string }> {
  await db.secret.deleteMany({ where: { name: params.name } });
  return params;
}

/** Where each named secret may be sent (missing names are left out). */
export async function loadSecretScopes(db: Db, names?: string[]): Promise<Record<string, string[]>> {
  const rows = await db.secret.findMany({ select: { name: true, allowedUrls: true }, ...(names ? { where: { name: { in: names } } } : {}) });
  return Object.fromEntries(rows.map((r) => [r.name, parseAllowedUrls(r.allowedUrls)]));
}

/** Decrypts the named secrets; a missing one is an error that names it. */
export async function resolveSecrets(db: Db, names: string[], opts: { masterKey?: string }): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  if (!opts.masterKey) throw new Error("Secrets cannot be read: the instance has no master key (BATON_MASTER_KEY; npm start provides one).");
  const box = createSecretBox(opts.masterKey);
  const rows = await db.secret.findMany({ where: { name: { in: names } } });
  const out: Record<string, string> = {};
  for (const name of names) {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`Secret "${name}" is not stored. Add it in Settings → Secrets.`);
    out[name] = box.open(row.valueEncrypted, `secret:${name}`);
  }
  return out;
}

// -------------------------------------------------------------------------------- validation context

/** What the validator and compiler need from settings: tiers, known models, secret and process names. */
export async function buildValidationContext(db: Db): Promise<ValidationContext> {
  const [tiers, prices, secrets, processes] = await Promise.all([
    getTierSettings(db),
    loadPriceTable(db),
    db.secret.findMany({ select: { name: true, allowedUrls: true } }),
    db.process.findMany({ select: { slug: true }, where: { archivedAt: null } }),
  ]);
  return {
    tiers,
    knownModels: prices.map((p) => p.model).sort(),
    secrets: secrets.map((s) => s.name).sort(),
    secretScopes: Object.fromEntries(secrets.map((s) => [s.name, parseAllowedUrls(s.allowedUrls)])),
    processes: processes.map((p) => p.slug).sort(),
  };
}
