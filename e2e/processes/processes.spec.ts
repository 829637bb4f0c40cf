import { expect, test } from "@playwright/test";

const SEEDED = ["orchestrated-task", "support-triage", "invoice-reconciliation"];

test("the seeded processes are listed with their published version", async ({ page }) => {
  await page.goto("/processes");
  await expect(page.getByRole("heading", { level: 1, name: "Processes" })).toBeVisible();
  await expect(page.getByText("No processes yet")).toHaveCount(0);
  for (const slug of SEEDED) {
    const row = page.locator(`[data-testid="process-row"][data-slug="${slug}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(/v\d+/);
  }
});

test("a process opens its read-only detail page", async ({ page }) => {
  await page.goto("/processes");
  await page.locator('[data-testid="process-row"][data-slug="support-triage"]').click();
  await expect(page).toHaveURL(/\/processes\/support-triage$/);
  await expect(page.getByRole("heading", { level: 1, name: "Support triage" })).toBeVisible();
  await expect(page.getByTestId("process-latest")).toContainText("support-triage");
  await expect(page.getByTestId("webhook-path")).toContainText("/api/hooks/");

  const classify = page.getByTestId("node-row").filter({ hasText: "Classify ticket" });
  await expect(classify).toContainText("llm");
  await expect(classify).toContainText("tier light");
  await expect(page.getByTestId("node-row").filter({ hasText: "Review draft" })).toContainText("reviewer");
  await expect(page.getByTestId("version-row").first()).toContainText("v1");
});

test("an unknown process shows a not-found message", async ({ page }) => {
  await page.goto("/processes/no-such-process");
  await expect(page.getByText("Process not found")).toBeVisible();
});

test("publishing an unchanged draft reports that the running version already matches", async ({ page }) => {
  await page.goto("/processes/support-triage");
  await page.getByRole("button", { name: "Publish draft" }).click();
  await expect(page.getByTestId("publish-result")).toHaveText(/Unchanged: v\d+ already runs this graph\./);
});
