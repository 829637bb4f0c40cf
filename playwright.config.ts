import { defineConfig } from "@playwright/test";

/**
 * E2E against a running Baton. The test runner script (scripts/) starts the app and sets:
 *   BATON_E2E_URL       base URL (default http://localhost:3000)
 *   BATON_E2E_EMAIL     an admin's email
 *   BATON_E2E_PASSWORD  that admin's password
 * Browsers come from Debian (/usr/bin/chromium); never `playwright install`.
 */
const baseURL = process.env.BATON_E2E_URL ?? "http://localhost:3000";
export const ADMIN_STORAGE_STATE = "test-results/.auth/admin.json";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // One worker: specs share one app and one database, and sign-in is rate-limited per IP.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.BATON_E2E_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      use: { browserName: "chromium", storageState: ADMIN_STORAGE_STATE },
      dependencies: ["setup"],
    },
  ],
});
