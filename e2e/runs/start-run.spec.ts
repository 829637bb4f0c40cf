import { expect, test, type Locator, type Page } from "@playwright/test";
import { signedOut, signIn } from "../fixtures/sign-in";
import { createOperatorKey, startSupportTriageRun } from "./support-triage";

/** The field of the run-input form labelled exactly `label` (the form is generated from the trigger contract). */
const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

test("an operator starts a support-triage run from the form: wrong input shows field errors, the right one opens the run, which reruns with an edited input", async ({ page }) => {
  await page.goto("/processes/support-triage");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run support-triage" });
  await expect(dialog).toBeVisible();

  // The trigger contract: ticket.{id, subject, body, customerEmail, plan (enum)} are all required.
  await expect(field(dialog, "Id")).toBeFocused();
  await field(dialog, "Id").fill("T-E2E");
  await field(dialog, "Subject").fill("Refund");
  await field(dialog, "Body").fill("I was charged twice. High priority, please.");
  await field(dialog, "Customer email").fill("ann@example.com");

  // Wrong: no plan chosen. Nothing is sent; the field says why and takes the focus.
  await dialog.getByRole("button", { name: "Start run" }).click();
  const plan = field(dialog, "Plan");
  await expect(plan).toHaveAttribute("aria-invalid", "true");
  await expect(plan).toBeFocused();
  await expect(dialog.locator('[data-field-path="ticket.plan"]').getByTestId("field-error")).toHaveText("Required");
  await expect(page).toHaveURL(/\/processes\/support-triage$/);

  // Wrong again, through the raw JSON view (kept in sync with the form): a plan the enum does not allow.
  await dialog.getByRole("button", { name: "JSON", exact: true }).click();
  const json = dialog.getByLabel("Value as JSON");
  const typed = JSON.parse(await json.inputValue()) as { ticket: Record<string, string> };
  expect(typed.ticket).toEqual({ id: "T-E2E", subject: "Refund", body: "I was charged twice. High priority, please.", customerEmail: "ann@example.com" });
  await json.fill(JSON.stringify({ ticket: { ...typed.ticket, plan: "gold" } }, null, 2));
  await expect(dialog.getByTestId("json-issues")).toContainText('"ticket.plan": expected enum("free" | "pro" | "enterprise"), got string "gold"');
  await dialog.getByRole("button", { name: "Form", exact: true }).click();
  await expect(dialog.locator('[data-field-path="ticket.plan"]').getByTestId("field-error")).toHaveText('Choose one of "free", "pro", "enterprise"');

  // Right: the errors clear as the field is fixed, and the new run opens.
  await plan.selectOption("pro");
  await expect(dialog.getByTestId("field-error")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^run_/);
  await expect(page.getByRole("main")).toContainText("triggered by ui");
  await expect(page.getByTestId("run-input")).toContainText("T-E2E");
  const runId = (await page.getByRole("heading", { level: 1 }).textContent())!;

  // "High priority" makes the run wait for a person at `escalate`; cancel it (confirmed) to rerun.
  await expect(page.getByTestId("run-status")).toContainText("waiting", { timeout: 20_000 });
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("dialog", { name: "Cancel this run?" }).getByRole("button", { name: "Cancel run" }).click();
  await expect(page.getByTestId("run-status")).toContainText("cancelled", { timeout: 20_000 });

  // Rerun with an edited input: the form is prefilled with the run's input and marks what changed.
  await page.getByRole("button", { name: "Edit input & rerun…" }).click();
  const rerun = page.getByRole("dialog", { name: "Rerun with edited input" });
  await rerun.getByLabel("Start from step").selectOption("classify");
  await expect(field(rerun, "Subject")).toHaveValue("Refund");
  await expect(rerun.getByTestId("changed-count")).toHaveText("No changes");
  await field(rerun, "Subject").fill("Refund, second try");
  await field(rerun, "Plan").selectOption("");
  await expect(rerun.getByTestId("changed-count")).toHaveText("2 fields changed");
  await expect(rerun.locator('[data-field-path="ticket.subject"]')).toContainText('Was: "Refund"');
  await rerun.getByRole("button", { name: "Rerun", exact: true }).click();
  await expect(field(rerun, "Plan")).toHaveAttribute("aria-invalid", "true");
  await field(rerun, "Plan").selectOption("enterprise");
  await rerun.getByRole("button", { name: "Rerun", exact: true }).click();

  await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^run_/);
  await expect(page.getByText("rerun of")).toBeVisible();
  await expect(page.getByTestId("run-input")).toContainText("Refund, second try");
  await expect(page.getByTestId("run-input")).toContainText("enterprise");

  // The next start from this browser is prefilled with the last input used.
  await page.goto("/processes/support-triage");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(field(page.getByRole("dialog"), "Id")).toHaveValue("T-E2E");
});

test.describe("as a reviewer", () => {
  test.use(signedOut);

  test("a reviewer sees neither the Run button nor the run actions", async ({ page, browser }) => {
    const email = `reviewer-${Date.now()}@e2e.test`;
    const password = "reviewer-pass-123";
    // An admin adds the reviewer through Settings.
    const admin = await browser.newContext({ storageState: "test-results/.auth/admin.json" });
    const adminPage = await admin.newPage();
    await adminPage.goto("/settings");
    await adminPage.getByRole("button", { name: "Add user" }).click();
    const add = adminPage.getByRole("dialog", { name: "Add user" });
    await add.getByLabel("Email").fill(email);
    await add.getByLabel("Name").fill("E2E Reviewer");
    await add.getByLabel("Role").selectOption("reviewer");
    await add.getByLabel("Initial password").fill(password);
    await add.getByRole("button", { name: "Add user" }).click();
    await expect(add).toBeHidden();
    const runId = await startSupportTriageRun(admin.request, await createOperatorKey(adminPage));
    await admin.close();

    await signIn(page, { email, password });
    await page.goto("/processes/support-triage");
    await expect(page.getByRole("heading", { level: 1, name: "Support triage" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Run", exact: true })).toHaveCount(0);
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId("run-status")).toBeVisible();
    await expect(page.getByTestId("run-input")).toContainText("I was charged twice");
    await expect(page.getByRole("button", { name: /Rerun|Cancel run/ })).toHaveCount(0);
  });
});
