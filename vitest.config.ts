import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "data/**", "server/db/generated/**"],
    environment: "node",
    pool: "forks",
    // Two cores: integration tests start servers and databases; keep the machine responsive.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: { deps: { inline: ["server-only"] } },
    alias: { "server-only": fileURLToPath(new URL("./server/testing/server-only-stub.ts", import.meta.url)) },
  },
});
