// Prisma CLI config. The provider follows DATABASE_URL (SQLite file by default, PostgreSQL for
// postgres:// URLs); scripts/db.mjs writes the per-provider schemas this points at.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL || "file:./data/baton.db";
const provider =
  process.env.BATON_PRISMA_PROVIDER || (/^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "generated", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations", provider) },
  async adapter() {
    return provider === "postgres"
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSQLite3({ url });
  },
});
