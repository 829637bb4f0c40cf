import { expect, test } from "@playwright/test";
import { createOperatorKey, startSupportTriageRun, URGENT_SUPPORT_TRIAGE_INPUT } from "./support-triage";

// Finds its runs by their own ids only: the database is shared with every other spec.

test("bulk-cancel two waiting runs from the runs list, leaving a third waiting", async ({ page, request }) => {
  test.setTimeout(90_000);
  const key = await createOperatorKey(page);
  const ids = [
    await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT),
    await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT),
    await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT),
  ];
  const status = async (id: string) => ((await (await request.get(`/api/v1/runs/${id}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { status: string }).status;
  for (const id of ids) await expect.poll(() => status(id), { timeout: 30_000 }).toBe("waiting");

  // The filters live in the URL; the form applies process + trigger together.
  await page.goto("/runs?status=waiting");
  await page.getByLabel("Process", { exact: true }).fill("support-triage");
  await page.getByLabel("Trigger", { exact: true }).selectOption("api");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/process=support-triage/);
  await expect(page).toHaveURL(/trigger=api/);
  for (const id of ids) await expect(page.locator(`[data-testid="run-row"][data-run-id="${id}"]`)).toBeVisible();

  await page.getByLabel(`Select ${ids[0]}`).check();
  await page.getByLabel(`Select ${ids[1]}`).check();
  await expect(page.getByTestId("runs-selected-count")).toHaveText("2 runs selected");
  await page.getByRole("button", { name: "Cancel selected" }).click();
  const confirm = page.getByRole("dialog", { name: "Cancel 2 runs?" });
  // Dismissing cancels nothing.
  await confirm.getByRole("button", { name: "Keep them" }).click();
  await expect(confirm).toBeHidden();
  await page.getByRole("button", { name: "Cancel selected" }).click();
  await confirm.getByRole("button", { name: "Cancel 2 runs" }).click();
  await expect(page.getByTestId("runs-bulk-result")).toHaveText("Cancelled 2 runs.");

  // The waiting list no longer shows them; the third is still waiting.
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${ids[0]}"]`)).toBeHidden();
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${ids[1]}"]`)).toBeHidden();
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${ids[2]}"]`)).toBeVisible();
  expect([await status(ids[0]!), await status(ids[1]!), await status(ids[2]!)]).toEqual(["cancelled", "cancelled", "waiting"]);

  // Search by run id finds the cancelled run and nothing else.
  await page.goto("/runs");
  await page.getByLabel("Search", { exact: true }).fill(ids[0]!);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("run-row")).toHaveCount(1);
  await expect(page.getByTestId("run-row")).toContainText("cancelled");
  await request.post(`/api/v1/runs/${ids[2]}/cancel`, { headers: { Authorization: `Bearer ${key}` } });
});
