import { expect, test } from "@playwright/test";
import { exampleGraphs } from "../../core/examples";
import { signIn } from "../fixtures/sign-in";
import { connect, createProcess, node, settled, sourceHandle, targetHandle, waitSaved } from "./canvas";

test("every node and edge of each seeded process is on the canvas", async ({ page }) => {
  for (const graph of Object.values(exampleGraphs)) {
    await page.goto(`/processes/${graph.slug}/design`);
    await expect(page.getByTestId("designer")).toBeVisible();
    for (const n of graph.nodes) await expect(node(page, n.id), `${graph.slug}: node ${n.id}`).toHaveCount(1);
    for (const e of graph.edges) await expect(page.locator(`.react-flow__edge[data-id="${e.id}"]`), `${graph.slug}: edge ${e.id}`).toHaveCount(1);
    // The seeded drafts are clean: the checks panel says so.
    await page.getByRole("tab", { name: /Checks/ }).click();
    await expect(page.getByTestId("checklist-clean")).toBeVisible();
  }
});

test("build a process from an empty canvas, follow a diagnostic to fix it, undo and redo, publish with the diff", async ({ page }) => {
  const slug = `e2e-designer-${Date.now().toString(36)}`;
  await page.goto("/processes");
  await page.getByRole("link", { name: "New process" }).click();
  await page.getByRole("textbox", { name: "Name" }).fill("E2E summariser");
  await page.getByRole("textbox", { name: "Slug" }).fill(slug);
  await page.getByTestId("template-blank").click();
  await page.getByRole("button", { name: "Create and open designer" }).click();
  await expect(page).toHaveURL(new RegExp(`/processes/${slug}/design$`));
  await expect(node(page, "start")).toBeVisible();
  await expect(node(page, "done")).toBeVisible();

  // Add an LLM step from the palette, then wire start → generate → done with the mouse.
  await node(page, "start").click();
  await page.getByTestId("palette-llm").click();
  await expect(node(page, "generate")).toBeVisible();
  await connect(page, sourceHandle(page, "start"), targetHandle(page, "generate"));
  await connect(page, sourceHandle(page, "generate"), targetHandle(page, "done"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  // Tidy up keeps the wiring and lays the chain out left to right.
  await page.getByRole("button", { name: "Tidy up" }).click();
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await settled(page);
  await expect.poll(async () => (await node(page, "generate").boundingBox())!.x).toBeGreaterThan((await node(page, "start").boundingBox())!.x);

  // A connection the rules forbid is refused: a second edge from the same outlet.
  await connect(page, sourceHandle(page, "start"), targetHandle(page, "done"));
  await expect(page.getByTestId("designer-notice")).toContainText("already has an edge from this outlet");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // The new step's placeholder prompt reads a field the trigger does not have: follow the check.
  await page.getByRole("tab", { name: /Checks/ }).click();
  const problem = page.getByTestId("checklist").getByRole("button").filter({ hasText: "generate" }).first();
  await expect(problem).toBeVisible();
  await expect(node(page, "generate").getByTestId("node-diagnostics")).toContainText("error");
  await problem.click();
  const inspector = page.getByTestId("inspector");
  await expect(inspector).toHaveAttribute("data-node-id", "generate");
  const prompt = inspector.getByLabel("Prompt");
  // The check is about the prompt: that field has the focus, ready to fix.
  await expect(prompt).toBeFocused();
  await prompt.fill("Summarise in two sentences: ");
  await prompt.pressSequentially("{{ input.te");
  await page.getByRole("option", { name: /input\.text/ }).click();
  await expect(prompt).toHaveValue("Summarise in two sentences: {{ input.text }}");
  await expect(node(page, "generate").getByTestId("node-diagnostics")).toHaveText("1 warning");
  // One step only: Baton says an orchestrator is overkill here.
  await expect(page.getByTestId("overkill-warning")).toBeVisible();

  // Undo brings the broken prompt back; redo fixes it again.
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("ControlOrMeta+z");
  await expect(node(page, "generate").getByTestId("node-diagnostics")).toContainText("error");
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(node(page, "generate").getByTestId("node-diagnostics")).toHaveText("1 warning");

  // Publish: the review lists what is new, then v1 exists.
  await waitSaved(page);
  await page.getByRole("button", { name: "Publish…" }).click();
  const diff = page.getByTestId("publish-diff");
  await expect(diff).toContainText("Steps added");
  await expect(diff).toContainText("generate");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-result")).toHaveText("Published v1.");
  await page.getByRole("button", { name: "Close" }).click();

  // Version history shows v1 read-only on its own canvas; restoring it is one undoable change.
  await page.getByRole("button", { name: "History" }).click();
  const history = page.getByRole("dialog", { name: "Version history" });
  await expect(history.getByTestId("history-version")).toHaveCount(1);
  await expect(history.getByTestId("process-canvas")).toHaveAttribute("data-mode", "view");
  await expect(history.locator('.react-flow__node[data-id="generate"]')).toBeVisible();
  await history.getByRole("button", { name: "Restore into draft" }).click();
  await expect(page.getByTestId("designer-notice")).toContainText("Restored into the draft");

  // The saved draft survives a reload, positions included.
  await page.reload();
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await expect(page.getByRole("tab", { name: /Checks/ })).toBeVisible();
});

test("the ? overlay lists the shortcuts and the command palette adds steps", async ({ page }) => {
  await page.goto("/processes/support-triage/design");
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts")).toContainText("Undo");
  await page.keyboard.press("Escape");
  await page.keyboard.press("ControlOrMeta+k");
  await page.getByLabel("Search steps and actions").fill("delay");
  await page.keyboard.press("Enter");
  await expect(node(page, "wait")).toBeVisible();
  await page.keyboard.press("ControlOrMeta+z");
  await expect(node(page, "wait")).toHaveCount(0);
  // The seeded draft is back as it was once the undo is saved (other specs read it).
  await waitSaved(page);
});

test("a sub-process step picks its child's version from the published ones, or latest", async ({ page }) => {
  await createProcess(page, "Parent", "blank");
  await node(page, "start").click();
  await page.getByTestId("palette-subprocess").click();
  const inspector = page.getByTestId("inspector");
  await expect(inspector).toHaveAttribute("data-node-id", "subprocess");
  const version = inspector.getByLabel("Version", { exact: true });
  // No child chosen yet: nothing to pin.
  await expect(version).toBeDisabled();

  await inspector.getByLabel("Process", { exact: true }).selectOption("support-triage");
  await expect(version).toBeEnabled();
  await expect(version).toHaveValue("latest");
  // The seeded child is published: its versions are listed after "latest", newest first, with the date.
  const options = version.locator("option");
  await expect(options.first()).toHaveText(/^latest published \(now v\d+\)$/);
  await expect(options.nth(1)).toHaveText(/^v\d+ · published \d{4}-\d{2}-\d{2}$/);
  const newest = (await options.nth(1).getAttribute("value"))!;
  await version.selectOption(newest);
  await expect(version).toHaveValue(newest);
  // The pin is saved into the draft.
  await waitSaved(page);
  await page.reload();
  await settled(page);
  await node(page, "subprocess").click();
  // A draft with errors opens on the Checks tab.
  await page.getByRole("tab", { name: "Inspector" }).click();
  await expect(version).toHaveValue(newest);

  // Another child's version numbers mean nothing here: choosing it goes back to latest.
  await inspector.getByLabel("Process", { exact: true }).selectOption("invoice-reconciliation");
  await expect(version).toHaveValue("latest");
});

test("a reviewer sees the designer read-only", async ({ page, browser, baseURL }) => {
  const email = `reviewer-${Date.now().toString(36)}@e2e.test`;
  const password = "reviewer-password-1";
  const created = await page.request.post("/api/trpc/users.create", {
    headers: { origin: new URL(baseURL!).origin, "content-type": "application/json" },
    data: { json: { email, name: "Reviewer", role: "reviewer", password } },
  });
  expect(created.ok(), await created.text()).toBe(true);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const reviewer = await context.newPage();
  await signIn(reviewer, { email, password });
  await reviewer.goto("/processes/support-triage/design");
  await expect(reviewer.getByTestId("designer")).toBeVisible();
  await settled(reviewer);
  await expect(reviewer.getByText("Read-only")).toBeVisible();
  await expect(reviewer.getByRole("button", { name: "Publish…" })).toHaveCount(0);
  await expect(reviewer.getByTestId("palette-llm")).toHaveCount(0);
  await expect(reviewer.getByTestId("process-canvas")).toHaveAttribute("data-mode", "view");
  // support-triage is too wide to fit: it opens on its trigger, which is in view.
  await node(reviewer, "ticket").click();
  await expect(reviewer.getByTestId("inspector").getByRole("textbox", { name: "Name", exact: true })).toBeDisabled();
  await context.close();
});
