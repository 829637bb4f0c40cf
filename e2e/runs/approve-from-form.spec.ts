import { expect, test, type Locator } from "@playwright/test";
import { decideInInbox, UNSURE_SUPPORT_TRIAGE_INPUT } from "./support-triage";

const field = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true });
const nodeStatus = (scope: Locator, id: string) => scope.getByTestId(`rf__node-${id}`).locator("[data-status]");

test("a support-triage run started from the form waits on the graph for a review, is approved in the inbox, and finishes along the approve branch", async ({ page, context }) => {
  test.setTimeout(150_000);
  const ticket = { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id: `T-APPROVE-${Date.now()}` };
  await page.goto("/processes/support-triage");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run support-triage" });
  await field(dialog, "Id").fill(ticket.id);
  await field(dialog, "Subject").fill(ticket.subject);
  await field(dialog, "Body").fill(ticket.body);
  await field(dialog, "Customer email").fill(ticket.customerEmail);
  await field(dialog, "Plan").selectOption("");
  // Wrong input: the plan is missing; the field says so and nothing starts.
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog.locator('[data-field-path="ticket.plan"]').getByTestId("field-error")).toHaveText("Required");
  await expect(page).toHaveURL(/\/processes\/support-triage$/);
  await field(dialog, "Plan").selectOption("pro");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const runId = (await page.getByRole("heading", { level: 1 }).textContent())!;

  // Watch it on the graph until the review waits; the routers show the branches taken.
  const graph = page.getByTestId("run-graph");
  await expect(nodeStatus(graph, "review")).toHaveAttribute("data-status", "waiting", { timeout: 40_000 });
  await expect(nodeStatus(graph, "draft")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("rf__node-route-urgency")).toContainText('routed on "normal"');
  await expect(page.getByTestId("rf__edge-e-unsure")).toHaveClass(/baton-edge-taken/);
  await expect(page.getByTestId("rf__edge-e-confident")).not.toHaveClass(/baton-edge-taken/);

  // Approve it in the inbox, in another tab; the run page follows by itself.
  await decideInInbox(await context.newPage(), runId, "Send as is");

  await expect(page.getByTestId("run-status")).toContainText("completed", { timeout: 40_000 });
  await expect(nodeStatus(graph, "review")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("rf__node-review")).toContainText("decision: approve");
  await expect(page.getByTestId("rf__edge-e-review-approve")).toHaveClass(/baton-edge-taken/);
  await expect(page.getByTestId("rf__edge-e-review-reject")).not.toHaveClass(/baton-edge-taken/);
  await expect(nodeStatus(graph, "send-reply")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(graph, "replied")).toHaveAttribute("data-status", "succeeded");
  await expect(nodeStatus(graph, "escalate")).toHaveAttribute("data-status", "skipped");
});
