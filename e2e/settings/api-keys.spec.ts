import { expect, test } from "@playwright/test";

test("create an API key: shown once, listed by prefix only, then revoked", async ({ page }) => {
  const name = `e2e key ${Date.now()}`;
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption("reviewer");
  await dialog.getByRole("button", { name: "Create key" }).click();

  const keyField = dialog.getByTestId("new-api-key");
  await expect(keyField).toHaveValue(/^bk_[A-Za-z0-9_-]{32}$/);
  const key = await keyField.inputValue();
  await expect(dialog).toContainText("shown only once");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText(`${key.slice(0, 9)}…`);
  await expect(row).toContainText("reviewer");
  await expect(page.locator("body")).not.toContainText(key);

  // After a reload the key is still nowhere on the page.
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(key);

  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm).toContainText("stops working immediately");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
});

test("an admin can add a user", async ({ page }) => {
  const email = `e2e-${Date.now()}@example.com`;
  await page.goto("/settings");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill("E2E Reviewer");
  await dialog.getByLabel("Role").selectOption("reviewer");
  await dialog.getByLabel("Initial password").fill("a-long-password-1");
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("user-row").filter({ hasText: email })).toBeVisible();
});
