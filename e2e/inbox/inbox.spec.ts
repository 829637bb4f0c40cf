import { expect, test } from "@playwright/test";
import { createOperatorKey, startSupportTriageRun, UNSURE_SUPPORT_TRIAGE_INPUT, URGENT_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

test("an open escalation is resolved from the inbox and the run completes", async ({ page, request }) => {
  test.setTimeout(90_000);
  const key = await createOperatorKey(page);
  const runId = await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT);

  // The run stops at a human step; its escalation shows in the open inbox (the list polls).
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  const row = page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("support-triage");

  await row.click();
  await expect(page).toHaveURL(/\/inbox\/esc_/);
  await expect(page.getByTestId("escalation-status")).toContainText("open");
  await expect(page.getByTestId("escalation-context")).toContainText("I was charged twice");
  await expect(page.getByRole("main")).toContainText("escalate");

  // The escalate step offers one custom decision.
  const decisions = page.getByRole("group", { name: "Decisions" });
  const decision = decisions.getByRole("button", { name: "I handled it" });
  await expect(decision).toHaveAttribute("data-decision-type", "custom");
  await page.getByLabel(/Comment/).fill("Handled by e2e");
  await decision.click();

  await expect(page.getByTestId("escalation-status")).toContainText("resolved");
  await expect(page.getByTestId("escalation-outcome")).toContainText("Handled by e2e");

  await page.getByTestId("escalation-run-link").click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  // The run page polls until the run finishes.
  await expect(page.getByTestId("run-status")).toContainText("completed", { timeout: 30_000 });
  await expect(page.getByTestId("run-output")).toContainText("status");

  // It has left the open inbox.
  await page.goto("/inbox");
  await expect(page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`)).toHaveCount(0);
  await page.getByLabel("Status").selectOption("resolved");
  await expect(page).toHaveURL(/\?status=resolved$/);
  await expect(page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`)).toBeVisible();
});

test("an unknown escalation id shows a not-found message", async ({ page }) => {
  await page.goto("/inbox/esc_does_not_exist");
  await expect(page.getByText("Escalation not found")).toBeVisible();
});

test("an edit is validated by the server: its field errors show, a valid edit resolves", async ({ page, request }) => {
  test.setTimeout(90_000);
  const key = await createOperatorKey(page);
  const runId = await startSupportTriageRun(request, key, UNSURE_SUPPORT_TRIAGE_INPUT);

  await page.goto("/inbox");
  const row = page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("review");
  await row.click();

  const decisions = page.getByRole("group", { name: "Decisions" });
  await expect(decisions.getByRole("button", { name: "Send as is" })).toBeVisible();
  await decisions.getByRole("button", { name: /Edit and send/ }).click();

  const editor = page.getByLabel("Corrected output (JSON)");
  await expect(editor).toHaveValue(/"reply"/);
  // Not JSON at all: caught before sending.
  await editor.fill("{ not json");
  await page.getByRole("button", { name: "Edit and send" }).click();
  await expect(page.getByText(/Not valid JSON/)).toBeVisible();

  // JSON that breaks the step's contract: the server refuses and names the fields.
  await editor.fill(JSON.stringify({ reply: "", confidence: 7 }));
  await page.getByRole("button", { name: "Edit and send" }).click();
  await expect(page.getByRole("region", { name: "Decide" }).getByRole("alert")).toContainText("does not match the step's contract");
  await expect(page.getByTestId("resolve-field-errors")).toContainText("output.");
  await expect(page.getByTestId("escalation-status")).toContainText("open");

  await editor.fill(JSON.stringify({ reply: "We refunded the duplicate charge.", confidence: 0.95 }));
  await page.getByRole("button", { name: "Edit and send" }).click();
  await expect(page.getByTestId("escalation-status")).toContainText("resolved");
  await expect(page.getByTestId("escalation-outcome")).toContainText("Edit and send");

  await page.getByTestId("escalation-run-link").click();
  await expect(page.getByTestId("run-status")).toContainText("completed", { timeout: 30_000 });
  await expect(page.locator('[data-testid="step-row"][data-node-id="send-reply"]').first()).toBeVisible();
});
