import { expect, test, type Locator, type Page } from "@playwright/test";
import { createOperatorKey, startSupportTriageRun, URGENT_SUPPORT_TRIAGE_INPUT } from "./support-triage";

const nodeStatus = (scope: Page | Locator, id: string) => scope.getByTestId(`rf__node-${id}`).locator("[data-status]");
const field = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true });

test("cancel with confirmation leaves no node waiting; rerun from a node picked on the graph, with an edited input, reuses the steps before it", async ({ page, request }) => {
  test.setTimeout(150_000);
  const key = await createOperatorKey(page);
  // Urgent: classify says "high", so the run waits for a person at `escalate`.
  const runId = await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT);
  await page.goto(`/runs/${runId}`);
  const graph = page.getByTestId("run-graph");
  await expect(nodeStatus(graph, "escalate")).toHaveAttribute("data-status", "waiting", { timeout: 30_000 });

  // While it runs, the step panel says when a rerun becomes possible.
  await page.getByTestId("rf__node-escalate").click();
  await expect(page.getByTestId("step-panel-rerun-hint")).toContainText("once the run has finished");
  await page.getByTestId("step-panel").getByRole("button", { name: "Close" }).click();

  // Cancel asks first; afterwards no node is left waiting.
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("dialog", { name: "Cancel this run?" }).getByRole("button", { name: "Cancel run" }).click();
  await expect(page.getByTestId("run-status")).toContainText("cancelled", { timeout: 20_000 });
  await expect(nodeStatus(graph, "escalate")).toHaveAttribute("data-status", "skipped");
  await expect(graph.locator('[data-status="waiting"]')).toHaveCount(0);
  await expect(graph.locator('[data-status="running"], [data-status="queued"]')).toHaveCount(0);

  // Pick the human step on the graph: its panel offers the rerun from there.
  await page.getByTestId("rf__node-escalate").click();
  await expect(page.getByTestId("step-panel")).toHaveAttribute("data-node-id", "escalate");
  await page.getByRole("button", { name: "Rerun from here…" }).click();
  const dialog = page.getByRole("dialog", { name: "Rerun with edited input" });
  await expect(dialog.getByLabel("Start from step")).toHaveValue("escalate");

  // The state it starts from: classify is reused (its output shown), escalate is next, nothing after has run.
  const preview = dialog.getByTestId("rerun-preview");
  await expect(nodeStatus(preview, "classify")).toHaveAttribute("data-status", "reused");
  await expect(nodeStatus(preview, "escalate")).toHaveAttribute("data-status", "queued");
  await expect(nodeStatus(preview, "escalated")).toHaveAttribute("data-status", "not_reached");
  const reused = dialog.getByTestId("rerun-reused");
  await expect(reused).toHaveCount(1);
  await expect(reused).toHaveAttribute("data-node-id", "classify");
  await reused.locator("summary").first().click();
  await expect(reused).toContainText('"urgency": "high"');

  // Another node picked on the preview graph moves the start: from classify nothing is reused. (By
  // keyboard: the canvas pans to a focused node, so it works for a node outside the dialog's view too.)
  await preview.getByTestId("rf__node-classify").focus();
  await preview.getByTestId("rf__node-classify").press("Enter");
  await expect(dialog.getByLabel("Start from step")).toHaveValue("classify");
  await expect(dialog.getByTestId("rerun-reused-none")).toBeVisible();
  await expect(nodeStatus(preview, "classify")).toHaveAttribute("data-status", "queued");
  await dialog.getByLabel("Start from step").selectOption("escalate");
  await expect(dialog.getByTestId("rerun-reused")).toHaveCount(1);

  // The input is the trigger's form, validated as the API validates it.
  await expect(field(dialog, "Subject")).toHaveValue("Refund");
  await field(dialog, "Subject").fill("Refund, rerun from the graph");
  await field(dialog, "Plan").selectOption("");
  await dialog.getByRole("button", { name: "Rerun", exact: true }).click();
  await expect(field(dialog, "Plan")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.locator('[data-field-path="ticket.plan"]').getByTestId("field-error")).toHaveText("Required");
  await field(dialog, "Plan").selectOption("enterprise");
  await dialog.getByRole("button", { name: "Rerun", exact: true }).click();

  // The new run: classify reused (not executed or paid for again), the edited input, waiting at escalate again.
  await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^run_/);
  const rerunId = (await page.getByRole("heading", { level: 1 }).textContent())!;
  await expect(page.getByRole("main")).toContainText(`rerun of ${runId} from escalate`);
  await expect(page.getByTestId("run-input")).toContainText("Refund, rerun from the graph");
  await expect(page.getByTestId("run-input")).toContainText("enterprise");
  await expect(nodeStatus(page.getByTestId("run-graph"), "classify")).toHaveAttribute("data-status", "reused", { timeout: 30_000 });
  await expect(nodeStatus(page.getByTestId("run-graph"), "escalate")).toHaveAttribute("data-status", "waiting", { timeout: 30_000 });
  await expect(page.locator('[data-testid="step-row"][data-node-id="classify"]').first()).toContainText("reused");
  await expect(page.getByTestId("run-totals")).toContainText("reused");
  const rerun = (await (await request.get(`/api/v1/runs/${rerunId}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { totals: { costUsd: number; reusedCostUsd: number } };
  expect(rerun.totals.costUsd).toBe(0);
  expect(rerun.totals.reusedCostUsd).toBeGreaterThan(0);
  await request.post(`/api/v1/runs/${rerunId}/cancel`, { headers: { Authorization: `Bearer ${key}` } });
});
