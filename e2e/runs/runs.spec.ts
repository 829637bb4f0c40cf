import { expect, test } from "@playwright/test";
import { createOperatorKey, startSupportTriageRun, URGENT_SUPPORT_TRIAGE_INPUT } from "./support-triage";

test("a run started through the API is listed and shows its steps, cost and input", async ({ page, request }) => {
  const key = await createOperatorKey(page);
  const runId = await startSupportTriageRun(request, key);

  await page.goto("/runs");
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText("support-triage");
  await expect(row).toContainText("api");
  await expect(row).toContainText("$");

  await row.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole("heading", { level: 1, name: runId })).toBeVisible();
  // The run classifies first; its step record (with provider/model and cost) appears as it runs.
  const classify = page.locator('[data-testid="step-row"][data-node-id="classify"]').first();
  await expect(classify).toBeVisible({ timeout: 20_000 });
  await expect(classify).toContainText("llm");
  await expect(classify).toContainText("$");
  await expect(page.getByTestId("run-totals")).toContainText("Cost");
  await expect(page.getByTestId("run-input")).toContainText("I was charged twice");

  // A step's attempts open in the side panel.
  await classify.click();
  await expect(page.getByTestId("step-panel")).toHaveAttribute("data-node-id", "classify");
  await expect(page.getByTestId("step-attempt").first()).toContainText("Output");
});

test("the status filter lives in the URL", async ({ page, request }) => {
  // Its own cancelled run, so nothing here depends on what other specs left in the shared database.
  const key = await createOperatorKey(page);
  const runId = await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT);
  expect((await request.post(`/api/v1/runs/${runId}/cancel`, { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(200);

  await page.goto("/runs");
  await page.getByLabel("Status").selectOption("cancelled");
  await expect(page).toHaveURL(/\?status=cancelled$/);
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`)).toContainText("cancelled");
  // The filtered list has loaded: no row of another status is left.
  await expect(page.getByTestId("run-row").filter({ hasNotText: "cancelled" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByLabel("Status")).toHaveValue("cancelled");
  await page.getByLabel("Status").selectOption("");
  await expect(page).toHaveURL(/\/runs$/);
});

test("a filter that matches nothing says so", async ({ page }) => {
  await page.goto(`/runs?status=cancelled&search=run_none_${Date.now()}`);
  await expect(page.getByTestId("runs-empty")).toContainText("No runs match these filters");
});

test("an unknown run id shows a not-found message", async ({ page }) => {
  await page.goto("/runs/run_does_not_exist");
  await expect(page.getByText("Run not found")).toBeVisible();
});

test("a waiting run can be cancelled and then rerun from a step", async ({ page, request }) => {
  const key = await createOperatorKey(page);
  const runId = await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT);

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toContainText("waiting", { timeout: 20_000 });
  await page.getByRole("button", { name: "Cancel run" }).click();
  // Cancelling asks first; dismissing keeps the run waiting.
  const confirm = page.getByRole("dialog", { name: "Cancel this run?" });
  await confirm.getByRole("button", { name: "Keep running" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("run-status")).toContainText("waiting");
  await page.getByRole("button", { name: "Cancel run" }).click();
  await confirm.getByRole("button", { name: "Cancel run" }).click();
  await expect(page.getByTestId("run-status")).toContainText("cancelled", { timeout: 20_000 });

  await page.getByLabel("Rerun from").selectOption("escalate");
  await page.getByRole("button", { name: "Rerun", exact: true }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^run_/);
  await expect(page.getByText(`rerun of`)).toBeVisible();
  // The classification is reused from the cancelled run, not executed again.
  await expect(page.locator('[data-testid="step-row"][data-node-id="classify"]').first()).toContainText("reused");
});
