import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const SUPPORT_TRIAGE_INPUT = {
  ticket: { id: "T-1", subject: "Refund", body: "I was charged twice, I want a refund", customerEmail: "a@example.com", plan: "pro" },
};

/**
 * The same ticket, marked urgent: the offline model simulator picks enum values by keyword, so
 * "high" makes `classify` say urgency high and the run deterministically waits at the
 * `escalate` human step (one custom decision, "I handled it"). Without a keyword the urgency is
 * a hash pick and the run may reply without any human step.
 */
export const URGENT_SUPPORT_TRIAGE_INPUT = {
  ticket: { ...SUPPORT_TRIAGE_INPUT.ticket, id: "T-2", body: "I was charged twice, I want a refund. High priority, please." },
};

/** Creates an operator API key through the Settings UI (the key is shown once, so read it there). */
export async function createOperatorKey(page: Page): Promise<string> {
  await page.goto("/settings");
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(`e2e runs ${Date.now()}`);
  await dialog.getByLabel("Role").selectOption("operator");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const keyField = dialog.getByTestId("new-api-key");
  await expect(keyField).toHaveValue(/^bk_/);
  const key = await keyField.inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  return key;
}

/** Starts a run of the seeded support-triage process through the REST API; returns its run id. */
export async function startSupportTriageRun(request: APIRequestContext, key: string, input: unknown = SUPPORT_TRIAGE_INPUT): Promise<string> {
  const res = await request.post("/api/v1/processes/support-triage/runs", {
    headers: { Authorization: `Bearer ${key}` },
    data: { input, idempotencyKey: `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
  });
  expect(res.status(), await res.text()).toBe(202);
  const body = (await res.json()) as { runId: string };
  expect(body.runId).toMatch(/^run_/);
  return body.runId;
}

/**
 * A routine billing ticket whose draft comes back unsure (the simulator's `low_confidence`
 * marker), so the run waits at the `review` step: approve, edit (validated against the draft's
 * contract) or reject.
 */
export const UNSURE_SUPPORT_TRIAGE_INPUT = {
  ticket: { ...SUPPORT_TRIAGE_INPUT.ticket, id: "T-3", body: "Billing question, normal priority: I was charged twice. __simulate: low_confidence" },
};

/** Opens the run's escalation in the inbox on `page` and takes the decision labelled `decision` (auto-advance off). */
export async function decideInInbox(page: Page, runId: string, decision: string): Promise<void> {
  await page.goto("/inbox");
  const row = page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.click();
  await page.getByTestId("auto-advance").uncheck();
  await page.getByRole("group", { name: "Decisions" }).getByRole("button", { name: decision }).click();
  await expect(page.getByTestId("escalation-status")).toContainText("resolved");
}

/** The designer's "Test run" (tRPC, as the designer calls it) of support-triage's current draft; its run id. */
export async function startSupportTriageTestRun(page: Page, baseURL: string, input: unknown): Promise<string> {
  const started = await page.request.post("/api/trpc/processes.testRun", {
    headers: { origin: new URL(baseURL).origin, "content-type": "application/json" },
    data: { json: { slug: "support-triage", input } },
  });
  expect(started.ok(), await started.text()).toBe(true);
  return ((await started.json()) as { result: { data: { json: { runId: string } } } }).result.data.json.runId;
}
