import { expect, test } from "@playwright/test";
import { createOperatorKey, startSupportTriageRun, startSupportTriageTestRun, UNSURE_SUPPORT_TRIAGE_INPUT, URGENT_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

test("an escalation from a designer's test run is marked test, in the list and on its page", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  // The designer's "Test run" (tRPC, as the designer calls it) of the draft, with the input that waits for a person.
  const runId = await startSupportTriageTestRun(page, baseURL!, URGENT_SUPPORT_TRIAGE_INPUT);

  await page.goto("/inbox");
  const row = page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId("run-kind-test")).toHaveText("test");
  await expect(row).toContainText("draft");
  await row.click();
  await expect(page).toHaveURL(/\/inbox\/esc_/);
  await expect(page.getByTestId("run-kind-test")).toHaveText("test");
  await expect(page.getByRole("main")).toContainText("support-triage draft · run");
  // Decide it, so the shared inbox is left as the other specs expect it.
  await page.getByTestId("auto-advance").uncheck();
  await page.getByRole("group", { name: "Decisions" }).getByRole("button", { name: "I handled it" }).click();
  await expect(page.getByTestId("escalation-status")).toContainText("resolved");
});

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
  await expect(row.locator('[data-testid^="run-kind-"]')).toHaveCount(0); // a production run: no mark

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
  // Stay on this escalation to see its outcome (auto-advance is covered in triage.spec.ts).
  await page.getByTestId("auto-advance").uncheck();
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

test("an edit is a form of the step's contract: its field errors show, a valid edit resolves", async ({ page, request }) => {
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
  await page.getByTestId("auto-advance").uncheck();
  await decisions.getByRole("button", { name: /Edit and send/ }).click();

  // The edit is a form generated from the draft's output contract, prefilled with the proposed output.
  const edit = page.getByRole("form", { name: "Corrected output" });
  const reply = edit.getByLabel("Reply", { exact: true });
  const confidence = edit.getByLabel("Confidence", { exact: true });
  await expect(reply).not.toHaveValue("");
  await expect(edit.getByTestId("changed-count")).toHaveText("No changes");

  // The raw JSON view stays available: not JSON at all is caught there, before anything is sent.
  await edit.getByRole("button", { name: "JSON", exact: true }).click();
  const json = edit.getByLabel("Value as JSON");
  await expect(json).toHaveValue(/"reply"/);
  await json.fill("{ not json");
  await expect(edit.getByText(/Not valid JSON yet/)).toBeVisible();
  await edit.getByRole("button", { name: "Form", exact: true }).click();

  // An edit that breaks the step's contract: each field says what is wrong, and nothing is sent.
  await reply.fill("");
  await confidence.fill("7");
  await expect(edit.getByTestId("changed-count")).toHaveText("2 fields changed");
  await edit.getByRole("button", { name: "Edit and send" }).click();
  await expect(edit.locator('[data-field-path="reply"]').getByTestId("field-error")).toHaveText("At least 1 character (now 0)");
  await expect(edit.locator('[data-field-path="confidence"]').getByTestId("field-error")).toHaveText("Must be at most 1");
  await expect(reply).toBeFocused();
  await expect(page.getByTestId("escalation-status")).toContainText("open");

  await reply.fill("We refunded the duplicate charge.");
  await confidence.fill("0.95");
  await expect(edit.getByTestId("field-error")).toHaveCount(0);
  await edit.getByRole("button", { name: "Edit and send" }).click();
  await expect(page.getByTestId("escalation-status")).toContainText("resolved");
  await expect(page.getByTestId("escalation-outcome")).toContainText("Edit and send");

  await page.getByTestId("escalation-run-link").click();
  await expect(page.getByTestId("run-status")).toContainText("completed", { timeout: 30_000 });
  await expect(page.locator('[data-testid="step-row"][data-node-id="send-reply"]').first()).toBeVisible();
});
