import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { connect, createProcess, holdKeyUntil, node, note, settled, sourceHandle, targetHandle, waitSaved } from "./canvas";

/**
 * The whole journey in one go, with mouse and keyboard as a person would: a support-triage-like
 * process drawn from an empty canvas, a check followed to its field, undo and redo, copy and paste,
 * a sticky note, tidy up, a test run, publish with the diff, a run of the published version, and
 * export then re-import. It waits on what the page shows, never on time, and reads no global list.
 */
test.use({ viewport: { width: 1800, height: 1100 } });

/** A point inside the canvas as fractions of its box (kept away from the edges, where dragging auto-pans). */
async function at(page: Page, fx: number, fy: number) {
  const box = (await page.getByTestId("process-canvas").boundingBox())!;
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** Drags a connection from an outlet into empty canvas and picks the step to add there from the node picker. */
async function addAfter(page: Page, from: Locator, point: { x: number; y: number }, kind: string) {
  await settled(page);
  const a = (await from.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(point.x, point.y, { steps: 12 });
  await page.mouse.up();
  const search = page.getByLabel("Search steps and actions");
  await search.fill(`Add ${kind}`);
  await page.keyboard.press("Enter");
  await expect(search).toHaveCount(0);
}

test("the support-triage journey: draw, fix, undo, paste, tidy, test-run, publish, run, export and re-import", async ({ page }) => {
  test.setTimeout(240_000);
  const slug = await createProcess(page, "E2E journey", "blank");
  const inspector = page.getByTestId("inspector");

  // An empty canvas: the trigger only (the blank template's end goes; we add our own where we want it).
  await node(page, "done").click();
  await holdKeyUntil(page, "Delete", node(page, "done"));
  await settled(page);
  // Put the trigger top left, by hand.
  const start = (await node(page, "start").boundingBox())!;
  const corner = await at(page, 0.07, 0.12);
  await page.mouse.move(start.x + start.width / 2, start.y + 20);
  await page.mouse.down();
  await page.mouse.move(corner.x + start.width / 2, corner.y, { steps: 10 });
  await page.mouse.up();

  // Classify with an LLM: an enum output the router can branch on. Even with the checks open, a step
  // just added is shown in the inspector.
  await page.getByRole("tab", { name: /Checks/ }).click();
  await addAfter(page, sourceHandle(page, "start"), await at(page, 0.36, 0.14), "LLM");
  await expect(inspector).toHaveAttribute("data-node-id", "generate");
  await inspector.getByRole("textbox", { name: "Name", exact: true }).fill("Classify ticket");
  await inspector.getByLabel("Task", { exact: true }).selectOption("classify");
  await inspector.getByLabel("Prompt", { exact: true }).fill("Classify this ticket: {{ input.text }}");
  await inspector.getByLabel("Field name").fill("category");
  await inspector.getByLabel("Allowed values of category").fill("billing, technical, other");
  await expect(node(page, "generate")).toContainText("Classify ticket");

  // A router after it (its source is left as the default, which the checks will flag).
  await addAfter(page, sourceHandle(page, "generate"), await at(page, 0.66, 0.14), "Router");
  await expect(inspector).toHaveAttribute("data-node-id", "route");

  // A new branch from the router to an LLM that drafts the reply.
  await addAfter(page, sourceHandle(page, "route", "branch"), await at(page, 0.07, 0.5), "LLM");
  await expect(inspector).toHaveAttribute("data-node-id", "generate-2");
  await inspector.getByRole("textbox", { name: "Name", exact: true }).fill("Draft reply");
  await inspector.getByLabel("Prompt", { exact: true }).fill("Draft a reply to this {{ steps.generate.output.category }} ticket: {{ input.text }}");

  // Human review of the draft: approve, reject and edit.
  await addAfter(page, sourceHandle(page, "generate-2"), await at(page, 0.36, 0.5), "Human");
  await expect(inspector).toHaveAttribute("data-node-id", "review");
  await inspector.getByLabel("Reviews the output of").selectOption("generate-2");
  await inspector.getByRole("button", { name: "+ Decision" }).click();
  await inspector.getByLabel("Decision 3 id").fill("edit");
  await inspector.getByLabel("Type", { exact: true }).nth(2).selectOption("edit");
  await expect(sourceHandle(page, "review", "edit")).toHaveCount(1);

  // Approve sends the reply through a tool; the tool ends the run.
  await addAfter(page, sourceHandle(page, "review", "approve"), await at(page, 0.66, 0.5), "Tool");
  await expect(inspector).toHaveAttribute("data-node-id", "call");
  await inspector.getByRole("textbox", { name: "Name", exact: true }).fill("Send reply");
  await inspector.getByLabel("URL", { exact: true }).fill("https://helpdesk.example.com/api/replies");
  await inspector.getByLabel("the step fails after its retries").check();
  await inspector.getByLabel("Escalation role").selectOption("operator");
  await inspector.getByLabel("Backoff", { exact: true }).selectOption("exponential");
  await addAfter(page, sourceHandle(page, "call"), await at(page, 0.66, 0.83), "End");
  await expect(inspector).toHaveAttribute("data-node-id", "done");

  // The other outlets, wired by hand: edit → tool, reject and timeout → end, unmatched → end.
  const edge = (id: string) => page.locator(`.react-flow__edge[data-id="${id}"]`);
  for (const [from, outlet, to, id] of [
    ["review", "edit", "call", "review-to-call-2"],
    ["review", "reject", "done", "review-to-done"],
    ["review", "timeout", "done", "review-to-done-2"],
    ["route", "unmatched", "done", "route-to-done"],
  ] as const) {
    await waitSaved(page);
    await connect(page, sourceHandle(page, from, outlet), targetHandle(page, to));
    await expect(edge(id), `${from}.${outlet} → ${to}`).toHaveCount(1);
  }
  await expect(page.locator(".react-flow__edge")).toHaveCount(10);
  await expect(edge("route-to-done")).toHaveClass(/baton-edge-unmatched/);

  // Two errors remain: the router's source and the branch's missing condition. Follow each check.
  const publish = page.getByRole("button", { name: "Publish…" });
  await expect(publish).toBeDisabled();
  await page.getByRole("tab", { name: /Checks/ }).click();
  await page.getByTestId("checklist").getByRole("button").filter({ hasText: "input.choice" }).click();
  await expect(inspector).toHaveAttribute("data-node-id", "route");
  const branchOn = inspector.getByLabel("Branch on", { exact: true });
  await expect(branchOn).toBeFocused();
  await branchOn.selectOption("steps.generate.output.category");
  await page.getByRole("tab", { name: /Checks/ }).click();
  await page.getByTestId("checklist").getByRole("button").filter({ hasText: "can never be chosen" }).click();
  await expect(inspector).toHaveAttribute("data-edge-id", "route-to-generate-2");
  const condition = inspector.getByLabel("Condition", { exact: true });
  await expect(condition).toBeFocused();
  await condition.selectOption("eq");
  await inspector.getByLabel("Value", { exact: true }).selectOption("billing");
  await expect(page.locator('.react-flow__edge[data-id="route-to-generate-2"]')).toContainText("billing");
  await expect(publish).toBeEnabled({ timeout: 15_000 });

  // Undo takes the condition away again (publishing is blocked), redo brings it back.
  await page.locator(".react-flow__pane").click({ position: { x: 8, y: 8 } });
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator('.react-flow__edge[data-id="route-to-generate-2"]')).not.toContainText("billing");
  await expect(publish).toBeDisabled();
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(page.locator('.react-flow__edge[data-id="route-to-generate-2"]')).toContainText("billing");

  // Copy and paste a step: a renamed copy appears; it is not wanted, so delete it.
  await node(page, "call").click();
  await page.keyboard.press("ControlOrMeta+c");
  await page.keyboard.press("ControlOrMeta+v");
  await expect(node(page, "call-2")).toBeVisible();
  await holdKeyUntil(page, "Delete", node(page, "call-2"));

  // A sticky note from the command palette, written in place.
  await page.locator(".react-flow__pane").click({ position: { x: 8, y: 8 } });
  await page.keyboard.press("ControlOrMeta+k");
  await page.getByLabel("Search steps and actions").fill("sticky");
  await page.keyboard.press("Enter");
  await note(page, "note-1").dblclick();
  await page.getByRole("textbox", { name: "Note text" }).pressSequentially("Billing tickets get a drafted reply");
  await page.keyboard.press("Escape");
  await expect(note(page, "note-1")).toContainText("Billing tickets get a drafted reply");

  // Tidy up lays the steps out left to right (the note stays), keeping every edge.
  await page.getByRole("button", { name: "Tidy up" }).click();
  await settled(page);
  const xs: number[] = [];
  for (const id of ["start", "generate", "route", "generate-2", "review", "call", "done"]) xs.push((await node(page, id).boundingBox())!.x);
  expect(xs).toEqual([...xs].sort((a, b) => a - b));
  await expect(page.locator(".react-flow__edge")).toHaveCount(10);
  await expect(note(page, "note-1")).toBeVisible();

  // Test-run the draft: a billing ticket is classified, routed to the draft and waits for review.
  await expect(publish).toBeEnabled({ timeout: 15_000 });
  await page.getByRole("button", { name: "Test run" }).first().click();
  const testDialog = page.getByRole("dialog", { name: "Test run" });
  await testDialog.getByRole("textbox").first().fill("I was charged twice on my invoice: a billing error, please refund.");
  await testDialog.getByRole("button", { name: "Start test run" }).click();
  await expect(testDialog).toBeHidden();
  await expect(page.getByTestId("test-run-status")).toHaveAttribute("data-status", "waiting", { timeout: 60_000 });
  await expect(node(page, "generate").getByTestId("node-overlay")).toContainText("completed");
  await expect(node(page, "generate-2").getByTestId("node-overlay")).toContainText("completed");
  await expect(node(page, "review").locator('[data-kind="human"]')).toHaveAttribute("data-status", "waiting");

  // Publish with the diff.
  await publish.click();
  const diff = page.getByTestId("publish-diff");
  await expect(diff).toContainText("Steps added");
  for (const id of ["generate", "route", "generate-2", "review", "call", "done"]) await expect(diff).toContainText(id);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-result")).toHaveText("Published v1.");
  await page.getByRole("button", { name: "Close" }).click();

  // Run the published version from the process page: it reaches the review and waits there.
  await page.getByRole("link", { name: "← E2E journey" }).click();
  await expect(page).toHaveURL(new RegExp(`/processes/${slug}$`));
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const runDialog = page.getByRole("dialog", { name: `Run ${slug}` });
  await runDialog.getByRole("textbox").first().fill("Please fix the billing on my last invoice.");
  await runDialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("rf__node-review").locator("[data-status]")).toHaveAttribute("data-status", "waiting", { timeout: 60_000 });
  await expect(page.getByTestId("rf__node-generate").locator("[data-status]")).toHaveAttribute("data-status", "succeeded");
  // The run view draws the note too, read-only.
  await expect(page.getByTestId("run-graph").getByTestId("sticky-note")).toContainText("Billing tickets get a drafted reply");

  // Export the draft as JSON, then import the file as a new process: same steps, edges and note.
  await page.goto(`/processes/${slug}/design`);
  await expect(node(page, "review")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  const file = await readFile((await (await download).path())!, "utf8");
  const exported = JSON.parse(file) as { $schema: string; nodes: Array<{ id: string; policy?: unknown }>; edges: Array<{ id: string }>; notes: Array<{ text: string }> };
  expect(exported.nodes.find((n) => n.id === "call")!.policy).toEqual({ escalation: { conditions: [{ kind: "stepFailed" }], role: "operator" }, backoff: { kind: "exponential", initial: "2s" } });
  expect(exported.$schema).toMatch(/\/api\/v1\/schema\/process-graph\.json$/);
  expect(exported.nodes.map((n) => n.id).sort()).toEqual(["call", "done", "generate", "generate-2", "review", "route", "start"]);
  expect(exported.notes.map((n) => n.text)).toEqual(["Billing tickets get a drafted reply"]);

  const copy = `${slug}-copy`;
  await page.goto("/processes/new");
  await page.getByTestId("import-file").setInputFiles({ name: `${slug}.json`, mimeType: "application/json", buffer: Buffer.from(file) });
  await page.getByRole("textbox", { name: "Slug" }).fill(copy);
  await page.getByRole("button", { name: "Create and open designer" }).click();
  await expect(page).toHaveURL(new RegExp(`/processes/${copy}/design$`));
  for (const n of exported.nodes) await expect(node(page, n.id)).toHaveCount(1);
  for (const e of exported.edges) await expect(page.locator(`.react-flow__edge[data-id="${e.id}"]`)).toHaveCount(1);
  await expect(note(page, "note-1")).toContainText("Billing tickets get a drafted reply");
  await page.getByRole("tab", { name: /Checks/ }).click();
  await expect(page.getByTestId("checks-count")).toHaveText("0");
});
