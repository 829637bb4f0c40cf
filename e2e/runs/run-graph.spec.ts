import { expect, test, type Page } from "@playwright/test";
import { createOperatorKey, decideInInbox, startSupportTriageRun, SUPPORT_TRIAGE_INPUT, URGENT_SUPPORT_TRIAGE_INPUT } from "./support-triage";

const nodeStatus = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`).locator("[data-status]");

test("a run on its graph: it waits at the human step live, is resolved in the inbox, and finishes along the branch taken", async ({ page, context, request }) => {
  test.setTimeout(120_000);
  const key = await createOperatorKey(page);
  const runId = await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT);

  // The run page stays open in its own tab: everything below reaches it by server push.
  const runPage = await context.newPage();
  await runPage.goto(`/runs/${runId}`);
  await expect(runPage.getByTestId("run-graph")).toBeVisible();
  await expect(nodeStatus(runPage, "escalate")).toHaveAttribute("data-status", "waiting", { timeout: 30_000 });
  // Updates come by Server-Sent Events (polling is only the fallback).
  await expect(runPage.getByText(/as this run ran it\..*Live\./)).toBeVisible();
  await expect(nodeStatus(runPage, "classify")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(runPage, "route-urgency")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(runPage, "draft")).toHaveAttribute("data-status", "skipped");
  await expect(nodeStatus(runPage, "replied")).toHaveAttribute("data-status", "skipped");
  await expect(nodeStatus(runPage, "escalated")).toHaveAttribute("data-status", "not_reached");
  // The router shows the value it routed on and the branch it took; the edge taken is highlighted.
  await expect(runPage.getByTestId("rf__node-route-urgency")).toContainText('routed on "high"');
  await expect(runPage.getByTestId("rf__edge-e-urgency-high")).toHaveClass(/baton-edge-taken/);
  await expect(runPage.getByTestId("rf__edge-e-urgency-routine")).not.toHaveClass(/baton-edge-taken/);
  // The timeline has a bar for the classification and one for the wait for a person.
  await expect(runPage.locator('[data-testid="timeline-bar"][data-node-id="classify"]').first()).toBeVisible();
  await expect(runPage.locator('[data-testid="timeline-bar"][data-node-id="escalate"]', { hasText: "waiting for a person" })).toBeVisible();
  // Each step shows its cost and latency.
  await expect(runPage.getByTestId("rf__node-classify").getByTestId("node-overlay")).toContainText("$");

  // Resolve the escalation in the inbox (first tab).
  await decideInInbox(page, runId, "I handled it");

  // The open run page finishes without a reload, along the taken branch.
  await expect(runPage.getByTestId("run-status")).toContainText("completed", { timeout: 30_000 });
  await expect(nodeStatus(runPage, "escalate")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(runPage, "escalated")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(runPage, "replied")).not.toHaveAttribute("data-status", "succeeded");
  await expect(runPage.getByTestId("rf__edge-e-escalate-handled")).toHaveClass(/baton-edge-taken/);
  await expect(runPage.getByTestId("rf__node-escalate")).toContainText("decision: handled");

  // The human step's panel says who decided what.
  await runPage.getByTestId("rf__node-classify").click();
  await expect(runPage.getByTestId("step-panel")).toHaveAttribute("data-node-id", "classify");
  await expect(runPage.getByTestId("step-attempt").first()).toContainText("Tokens");
  await expect(runPage.getByTestId("step-panel")).toContainText("Rendered prompt");
  await runPage.getByRole("button", { name: "Close" }).click();
  await expect(runPage.getByTestId("step-panel")).toHaveCount(0);
});

test("a failed run shows the failing node red with its error code in the panel", async ({ page, request }) => {
  test.setTimeout(120_000);
  const key = await createOperatorKey(page);
  // Every model call is rate-limited (server/providers/README.md): classify fails after its retries and fallback.
  const input = { ticket: { ...SUPPORT_TRIAGE_INPUT.ticket, id: "T-fail", body: "I was charged twice. __simulate: rate_limit" } };
  const runId = await startSupportTriageRun(request, key, input);

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toContainText("failed", { timeout: 90_000 });
  await expect(nodeStatus(page, "classify")).toHaveAttribute("data-status", "failed");
  await expect(nodeStatus(page, "route-urgency")).toHaveAttribute("data-status", "not_reached");
  await page.locator('[data-testid="step-row"][data-node-id="classify"]').first().click();
  const panel = page.getByTestId("step-panel");
  await expect(panel).toHaveAttribute("data-node-id", "classify");
  await expect(panel.getByTestId("step-panel-state")).toContainText("failed");
  await expect(panel.getByTestId("step-error").first()).toContainText("rate_limit");
  await expect(panel.getByTestId("fallback-chain")).toContainText("✗");
});

test("a 200,000-character input wraps and collapses: the page never gets wider than the window", async ({ page, request }) => {
  test.setTimeout(90_000);
  const key = await createOperatorKey(page);
  const input = { ticket: { ...SUPPORT_TRIAGE_INPUT.ticket, id: "T-big", body: "x".repeat(200_000) } };
  const runId = await startSupportTriageRun(request, key, input);

  await page.goto(`/runs/${runId}`);
  const classify = page.locator('[data-testid="step-row"][data-node-id="classify"]').first();
  await expect(classify).toBeVisible({ timeout: 30_000 });
  await classify.click();
  await expect(page.getByTestId("step-panel")).toBeVisible();
  const inputBlock = page.getByTestId("step-panel").getByTestId("step-input").first();
  await inputBlock.locator("summary").first().click();
  await expect(inputBlock).toHaveAttribute("open", "");
  // The run's own input is open in the Data card too: neither may widen the page.
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
  // Collapsed to a preview, with the full size said.
  await expect(inputBlock.getByTestId("json-preview")).toBeVisible();
  await expect(inputBlock).toContainText("200,");
});
