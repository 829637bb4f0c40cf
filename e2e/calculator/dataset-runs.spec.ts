import { expect, test } from "@playwright/test";
import { SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

const ticket = (id: string, body: string) => JSON.stringify({ ticket: { ...SUPPORT_TRIAGE_INPUT.ticket, id, body } });

test("upload a small JSONL, see its bad line before saving, run it twice each on the simulator, read per-node results, use them in the projection", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/calculator?process=support-triage");
  await page.getByTestId("calc-datasets-link").click();
  await expect(page).toHaveURL(/\/calculator\/support-triage\/datasets/);

  // A line that misses a required field is listed with its line number, and nothing can be saved.
  const bad = [ticket("D-1", "I was charged twice"), JSON.stringify({ ticket: { id: "D-x" } })].join("\n");
  await page.getByLabel("JSONL or CSV file").setInputFiles({ name: "bad.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(bad) });
  await expect(page.getByTestId("ds-row-errors")).toContainText("Line 2");
  await expect(page.getByRole("button", { name: "Save dataset" })).toBeDisabled();

  const name = `e2e tickets ${Date.now()}`;
  const good = [ticket("D-1", "I was charged twice on my invoice"), ticket("D-2", "The app crashes with an error when I log in")].join("\n");
  await page.getByLabel("JSONL or CSV file").setInputFiles({ name: "tickets.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(good) });
  await expect(page.getByTestId("ds-preview")).toContainText("2 valid inputs.");
  await page.getByLabel("Dataset name").fill(name);
  await page.getByRole("button", { name: "Save dataset" }).click();

  const dataset = page.getByTestId("ds-dataset").filter({ hasText: name });
  await expect(dataset).toContainText("2 inputs");
  await dataset.getByLabel("× each").fill("2");
  await dataset.getByRole("button", { name: "Launch" }).click();

  // The results follow the dataset run until it stops: 2 inputs × 2, every run through classify.
  await expect(page.getByTestId("ds-status")).toContainText("completed", { timeout: 120_000 });
  const classify = page.locator('[data-testid="ds-node-row"][data-node="classify"]');
  await expect(classify).toContainText("4 (100%)");
  await expect(classify.getByTestId("ds-spread").first()).toContainText("category:");
  await expect(page.locator('[data-testid="ds-node-row"][data-node="route-urgency"]')).toContainText("Branches:");
  await expect(page.getByTestId("ds-cost")).toContainText("p50 $");

  // "Use in projection": the calculator projects from this dataset run instead of graph guesses.
  await page.getByTestId("ds-use-in-projection").click();
  await expect(page).toHaveURL(/dataset=dsr_/);
  await expect(page.getByTestId("calc-source")).toContainText("Projected from dataset run dsr_");
  await expect(page.getByTestId("calc-per-run-value")).not.toHaveText("$0.00");
});
