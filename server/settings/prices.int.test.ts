import { expect, it } from "vitest";
import { SEED_PRICE_TABLE } from "@/server/pricing/price-table";
import { describeEachDatabase } from "@/server/testing/databases";
import { listPrices, loadPriceTable, seedPriceTable, upsertPrice } from "./settings.service";

describeEachDatabase("price table dates and sources", (get) => {
  it("seeds every row with the date it was checked and the vendor page it was read from", async () => {
    const db = get().handle.db;
    await db.modelPrice.deleteMany();
    expect(await seedPriceTable(db)).toBe(SEED_PRICE_TABLE.length);
    const rows = await listPrices(db);
    const gpt = rows.find((r) => r.model === "openai/gpt-4.1-mini")!;
    expect(gpt).toMatchObject({ source: "seed", asOf: "2025-11-13", sourceUrl: "https://platform.openai.com/docs/models/gpt-4.1-mini", inputPerM: 0.4, outputPerM: 1.6 });
    expect(rows.find((r) => r.model === "anthropic/claude-sonnet-4-5")).toMatchObject({ asOf: "2025-11-24", sourceUrl: "https://docs.claude.com/en/docs/about-claude/pricing" });
    // Simulator rows carry the date of the row they mirror but no vendor page (they are not a vendor's price).
    expect(rows.find((r) => r.model === "sim/light-1")).toMatchObject({ asOf: "2025-11-13", sourceUrl: null });
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.asOf ?? ""))).toBe(true);
    // A second start writes nothing.
    expect(await seedPriceTable(db)).toBe(0);
  });

  it("brings undated or re-checked seed rows up to the shipped seed, never a user's edit", async () => {
    const db = get().handle.db;
    await db.modelPrice.deleteMany();
    await seedPriceTable(db);
    // An installation seeded before rows had dates, with an outdated price, and one row a user edited.
    await db.modelPrice.update({ where: { model: "openai/o3" }, data: { inputPerM: 10, outputPerM: 40, asOf: null, sourceUrl: null } });
    await upsertPrice(db, { model: "openai/gpt-4o", inputPerM: 9, cachedInputPerM: 9, outputPerM: 9 }, new Date("2026-03-04T10:00:00Z"));
    await db.modelPrice.update({ where: { model: "openai/gpt-4o" }, data: { asOf: null } });
    expect(await seedPriceTable(db)).toBe(1);
    const rows = await listPrices(db);
    expect(rows.find((r) => r.model === "openai/o3")).toMatchObject({ inputPerM: 2, outputPerM: 8, asOf: "2025-11-13", source: "seed" });
    expect(rows.find((r) => r.model === "openai/gpt-4o")).toMatchObject({ inputPerM: 9, source: "user", asOf: null });
  });

  it("dates a user's edit with the day it was made and drops the vendor page", async () => {
    const db = get().handle.db;
    await db.modelPrice.deleteMany();
    await seedPriceTable(db);
    const saved = await upsertPrice(db, { model: "openai/gpt-5", inputPerM: 1, cachedInputPerM: 0.1, outputPerM: 8 }, new Date("2026-11-28T23:30:00Z"));
    expect(saved).toMatchObject({ source: "user", asOf: "2026-11-28", sourceUrl: null });
    const table = await loadPriceTable(db);
    expect(table.find((r) => r.model === "openai/gpt-5")).toMatchObject({ inputPerM: 1, asOf: "2026-11-28" });
  });
});
