import { expect, test, type Page } from "@playwright/test";

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("a tier mapping is validated, saved and still there after a reload", async ({ page }) => {
  await page.goto("/settings");
  const models = section(page, "Models");
  const light = models.getByLabel("Light");
  const original = await light.inputValue();
  expect(original).not.toBe("");

  // The server's validation message shows beside the field.
  await light.fill("gpt-4o");
  await models.getByRole("button", { name: "Save models" }).click();
  await expect(models).toContainText('Name a model as "provider/model"');

  // A provider nobody configured is saved, with a warning that steps would fail.
  await light.fill("nowhere/model-x");
  await expect(models).toContainText("No provider “nowhere” is configured");

  // Another simulator model keeps runs offline while this spec runs.
  await light.fill("sim/mid-1");
  await models.getByRole("button", { name: "Save models" }).click();
  await expect(models.getByRole("status")).toContainText("Saved");

  await page.reload();
  await expect(section(page, "Models").getByLabel("Light")).toHaveValue("sim/mid-1");

  // Put the mapping back for the specs that follow.
  await section(page, "Models").getByLabel("Light").fill(original);
  await section(page, "Models").getByRole("button", { name: "Save models" }).click();
  await expect(section(page, "Models").getByRole("status")).toContainText("Saved");
});

test("a provider's API key is write-only: listed as set, never in the page", async ({ page }) => {
  const id = `e2e-${Date.now()}`;
  const apiKey = `sk-e2e-${Math.random().toString(36).slice(2)}${Date.now()}`;
  await page.goto("/settings");
  const providers = section(page, "Providers");

  await providers.getByRole("button", { name: "Add provider" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("E2E compatible server");
  await dialog.getByLabel("ID").fill(id);
  await dialog.getByLabel("Kind").selectOption("openai-compatible");
  await dialog.getByLabel("Base URL").fill("http://127.0.0.1:9/v1");
  await dialog.getByLabel("API key").fill(apiKey);
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();

  const row = providers.getByTestId("provider-row").filter({ hasText: id });
  await expect(row).toContainText("OpenAI-compatible");
  await expect(row).toContainText("http://127.0.0.1:9/v1");
  await expect(row).toContainText("Key set");
  await expect(page.locator("body")).not.toContainText(apiKey);

  await page.reload();
  await expect(row).toContainText("Key set");
  expect(await page.content()).not.toContain(apiKey);

  // Editing without a key keeps the stored one; the form never holds it.
  await row.getByRole("button", { name: `Edit ${id}` }).click();
  await expect(dialog.getByLabel("API key")).toHaveValue("");
  await dialog.getByLabel("Name").fill("E2E compatible server (renamed)");
  await dialog.getByRole("button", { name: "Save provider" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("renamed");
  await expect(row).toContainText("Key set");

  await row.getByRole("button", { name: `Delete ${id}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete provider" }).click();
  await expect(row).toHaveCount(0);
});

test("a price row is added, edited inline and the edit persists", async ({ page }) => {
  const model = `e2e/model-${Date.now()}`;
  await page.goto("/settings");
  const prices = section(page, "Price table");
  await expect(prices).toContainText("runs started after you save");
  await expect(prices.getByTestId("price-row").filter({ hasText: "openai/gpt-4.1-mini" })).toContainText("Public list price");
  // A seed price says when it was checked, linked to the vendor page it was read from.
  const asOf = prices.getByTestId("price-row").filter({ hasText: "openai/gpt-4.1-mini" }).getByTestId("price-as-of");
  await expect(asOf).toHaveText("as of 2025-11-13");
  await expect(asOf.getByRole("link")).toHaveAttribute("href", "https://platform.openai.com/docs/models/gpt-4.1-mini");

  await prices.getByRole("button", { name: "Add model" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Model").fill(model);
  await dialog.getByLabel("Input", { exact: true }).fill("1");
  await dialog.getByLabel("Output").fill("4");
  await dialog.getByRole("button", { name: "Add model" }).click();
  await expect(dialog).toBeHidden();

  const row = prices.getByTestId("price-row").filter({ hasText: model });
  await expect(row).toContainText("$1.00");
  await expect(row).toContainText("$4.00");
  await expect(row).toContainText("Edited");
  await expect(row.getByTestId("price-as-of")).toHaveText(/^edited \d{4}-\d{2}-\d{2}$/);

  await row.getByRole("button", { name: `Edit prices of ${model}` }).click();
  await prices.getByLabel(`Input price of ${model}`, { exact: true }).fill("1.25");
  await prices.getByLabel(`Output price of ${model}`, { exact: true }).fill("5.5");
  await prices.getByRole("button", { name: "Save", exact: true }).click();
  await expect(prices.getByRole("status")).toContainText("New runs use it from now on");
  await expect(row).toContainText("$1.25");
  await expect(row).toContainText("$5.50");

  await page.reload();
  const reloaded = section(page, "Price table").getByTestId("price-row").filter({ hasText: model });
  await expect(reloaded).toContainText("$1.25");
  await expect(reloaded).toContainText("$1.00");
  await expect(reloaded).toContainText("$5.50");
});
