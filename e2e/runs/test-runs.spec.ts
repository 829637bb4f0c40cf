import { expect, test } from "@playwright/test";
import { SUPPORT_TRIAGE_INPUT, startSupportTriageTestRun } from "./support-triage";

test("a designer's test run is left out of the runs list by default, listed with the Kind filter, and marked test on its page", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  // The designer's "Test run" (tRPC, as the designer calls it): the current draft, not published.
  const runId = await startSupportTriageTestRun(page, baseURL!, SUPPORT_TRIAGE_INPUT);
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);

  // Default: real runs only, so a search for its id finds nothing.
  await page.goto(`/runs?search=${runId}`);
  await expect(page.getByTestId("runs-empty")).toBeVisible();
  await expect(page.getByLabel("Kind", { exact: true })).toHaveValue("");

  // Test runs only: there it is, with its badge; real and test runs: still there.
  await page.getByLabel("Kind", { exact: true }).selectOption("test");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=test/);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("run-kind-test")).toHaveText("test");
  await expect(row).toContainText("draft");
  await expect(page.getByTestId("runs-scope")).toContainText("test runs only");
  await page.getByLabel("Kind", { exact: true }).selectOption("all");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=all/);
  await expect(row.getByTestId("run-kind-test")).toBeVisible();

  // Its page says it is a test run of the draft; a rerun is not offered (the designer starts another).
  await row.getByRole("link", { name: runId }).click();
  await expect(page.getByRole("heading", { level: 1, name: runId })).toBeVisible();
  await expect(page.getByTestId("run-kind-test")).toHaveText("test");
  await expect(page.getByRole("main")).toContainText("draft · test run from the designer");
  await expect(page.getByTestId("rf__node-classify").locator("[data-status]")).not.toHaveAttribute("data-status", "not_reached", { timeout: 30_000 });
  await page.getByTestId("rf__node-classify").click();
  await expect(page.getByTestId("step-panel-rerun-hint")).toContainText("start another test run from the designer");
  await expect(page.getByRole("button", { name: "Rerun from here…" })).toHaveCount(0);
});
