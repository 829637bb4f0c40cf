import { expect, test } from "@playwright/test";
import { exampleGraphs } from "../../core/examples";
import { node, waitSaved } from "./canvas";

test("test-run a draft: node statuses on the canvas, then pin a step and see it reused on the next test run", async ({ page }) => {
  const slug = `e2e-test-run-${Date.now().toString(36)}`;
  await page.goto("/processes/new");
  await page.getByRole("textbox", { name: "Name" }).fill("E2E test run");
  await page.getByRole("textbox", { name: "Slug" }).fill(slug);
  await page.getByTestId("template-one-step").click();
  await page.getByRole("button", { name: "Create and open designer" }).click();
  await expect(page).toHaveURL(new RegExp(`/processes/${slug}/design$`));
  await expect(node(page, "summarise")).toBeVisible();
  await waitSaved(page);

  // Test run: the trigger's form, then the statuses arrive on the canvas without publishing.
  await page.getByRole("button", { name: "Test run" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Test run" });
  await dialog.getByRole("textbox").first().fill("Baton turns drawn processes into durable runs.");
  await dialog.getByRole("button", { name: "Start test run" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("test-run-status")).toHaveAttribute("data-status", "completed", { timeout: 20_000 });
  await expect(node(page, "summarise").getByTestId("node-overlay")).toContainText("completed");
  await expect(node(page, "summarise").getByTestId("node-overlay")).not.toContainText("pinned");
  await expect(page.getByTestId("test-run-output")).toContainText("summary");

  // Pin the step's output; the next test run reuses it (no call: $0, marked pinned) and prefills the input.
  await node(page, "summarise").click();
  await page.getByRole("tab", { name: "Test" }).click();
  const output = await page.getByTestId("test-node-output").textContent();
  await page.getByRole("button", { name: "Pin output" }).click();
  await expect(page.getByTestId("pinned-badge")).toBeVisible();
  await page.getByRole("button", { name: "Run again" }).click();
  await expect(dialog.getByRole("textbox").first()).toHaveValue("Baton turns drawn processes into durable runs.");
  await dialog.getByRole("button", { name: "Start test run" }).click();
  await expect(node(page, "summarise").getByTestId("node-overlay")).toContainText("pinned", { timeout: 20_000 });
  await expect(page.getByTestId("test-run-status")).toHaveAttribute("data-status", "completed");
  await expect(node(page, "summarise").getByTestId("node-overlay")).toContainText("$0.0000");
  await expect(page.getByTestId("test-node-output")).toHaveText(output!);

  // Nothing was published.
  await page.goto(`/processes/${slug}`);
  await expect(page.getByText("No versions yet.")).toBeVisible();
});

test("+ on an edge inserts a step into it; Import replaces the draft after its checks, and Undo brings it back", async ({ page }) => {
  const slug = `e2e-insert-${Date.now().toString(36)}`;
  await page.goto("/processes/new");
  await page.getByRole("textbox", { name: "Name" }).fill("E2E insert");
  await page.getByRole("textbox", { name: "Slug" }).fill(slug);
  await page.getByTestId("template-one-step").click();
  await page.getByRole("button", { name: "Create and open designer" }).click();
  await expect(node(page, "summarise")).toBeVisible();

  // Point at the edge summarise → done: its + appears (over the edge's middle); pick a Wait step.
  await page.locator('.react-flow__edge[data-id="e2"]').hover({ force: true });
  await page.getByTestId("edge-plus").click();
  await page.getByLabel("Search steps and actions").fill("delay");
  await page.keyboard.press("Enter");
  await expect(node(page, "wait")).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  await expect(page.locator('.react-flow__edge[data-id="e2"]')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge[data-id="wait-to-done"]')).toHaveCount(1);
  await waitSaved(page);

  // Import a graph file: its checks first, then Replace draft; Undo restores the previous draft.
  const file = JSON.stringify({ $schema: "x", ...exampleGraphs["invoice-reconciliation"] });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByTestId("designer-import-file").setInputFiles({ name: "invoice.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await expect(page.getByTestId("import-summary")).toContainText(`${exampleGraphs["invoice-reconciliation"].nodes.length} steps`);
  await expect(node(page, "wait")).toBeVisible(); // nothing changed yet
  await page.getByRole("button", { name: "Replace draft" }).click();
  for (const n of exampleGraphs["invoice-reconciliation"].nodes) await expect(node(page, n.id)).toHaveCount(1);
  await expect(node(page, "wait")).toHaveCount(0);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(node(page, "wait")).toBeVisible();
});
