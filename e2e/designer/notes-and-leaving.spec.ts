import { expect, test } from "@playwright/test";
import { createProcess, holdKeyUntil, node, note, settled, waitSaved } from "./canvas";

test("sticky notes: add, write, move, undo and redo, copy and paste, delete; saved in the draft and shown read-only in version history", async ({ page }) => {
  await createProcess(page, "E2E notes", "one-step");
  await expect(node(page, "summarise")).toBeVisible();
  await settled(page);

  await page.getByTestId("palette-note").click();
  await expect(note(page, "note-1")).toBeVisible();
  await expect(page.getByTestId("note-hint")).toBeVisible();
  await note(page, "note-1").dblclick();
  const text = page.getByRole("textbox", { name: "Note text" });
  await expect(text).toBeFocused();
  await text.pressSequentially("Ask legal before changing this step");
  await page.keyboard.press("Escape");
  await expect(text).toHaveCount(0);
  await expect(note(page, "note-1")).toContainText("Ask legal before changing this step");
  // A note is not a step: the checks do not mention it.
  await page.getByRole("tab", { name: /Checks/ }).click();
  await expect(page.getByTestId("checklist")).toBeVisible();
  await expect(page.getByTestId("checklist")).not.toContainText("Ask legal");

  // Move it with the mouse; undo puts it back, redo moves it again.
  const before = (await note(page, "note-1").boundingBox())!;
  await page.mouse.move(before.x + 30, before.y + 20);
  await page.mouse.down();
  await page.mouse.move(before.x + 230, before.y + 120, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await note(page, "note-1").boundingBox())!.x).toBeGreaterThan(before.x + 150);
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("ControlOrMeta+z");
  await expect.poll(async () => Math.round((await note(page, "note-1").boundingBox())!.x)).toBe(Math.round(before.x));
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect.poll(async () => (await note(page, "note-1").boundingBox())!.x).toBeGreaterThan(before.x + 150);

  // Copy and paste: a second note with the same text and its own id; Delete removes it.
  await note(page, "note-1").click();
  await page.keyboard.press("ControlOrMeta+c");
  await page.keyboard.press("ControlOrMeta+v");
  await expect(note(page, "note-1-2")).toContainText("Ask legal before changing this step");
  await holdKeyUntil(page, "Delete", note(page, "note-1-2"));
  await expect(note(page, "note-1")).toBeVisible();

  // Saved with the draft: a reload shows it again.
  await waitSaved(page);
  await page.reload();
  await expect(note(page, "note-1")).toContainText("Ask legal before changing this step");

  // Published with the graph, and shown read-only in version history.
  await page.getByRole("button", { name: "Publish…" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-result")).toHaveText("Published v1.");
  await page.getByRole("button", { name: "Close" }).click();
  await page.getByRole("button", { name: "History" }).click();
  const history = page.getByRole("dialog", { name: "Version history" });
  const shown = history.locator('.react-flow__node[data-id="note:note-1"]');
  await expect(shown).toContainText("Ask legal before changing this step");
  await shown.dblclick();
  await expect(history.getByRole("textbox", { name: "Note text" })).toHaveCount(0);
});

test("leaving with unsaved changes asks first: a shell link and closing the tab; once saved, links just go", async ({ page }) => {
  await createProcess(page, "E2E leaving", "one-step");
  await waitSaved(page);
  // Saves fail (the server is unreachable for them): the edit stays unsaved.
  await page.route(/\/api\/trpc\/[^?]*processes\.update/, (route) => route.abort());
  await page.getByTestId("palette-note").click();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-status", "error", { timeout: 15_000 });

  const asked: string[] = [];
  page.on("dialog", (d) => {
    asked.push(d.type());
    void d.dismiss();
  });
  await page.getByRole("link", { name: "Runs", exact: true }).click();
  await expect.poll(() => asked).toEqual(["confirm"]);
  await expect(page).toHaveURL(/\/design$/);
  await expect(note(page, "note-1")).toBeVisible();

  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(["confirm", "beforeunload"]);
  expect(page.isClosed()).toBe(false);

  // Saves work again: the next edit is saved, and the same link leaves without asking.
  await page.unroute(/\/api\/trpc\/[^?]*processes\.update/);
  await page.getByTestId("palette-note").click();
  await waitSaved(page);
  await page.getByRole("link", { name: "Runs", exact: true }).click();
  await expect(page).toHaveURL(/\/runs$/);
  expect(asked).toEqual(["confirm", "beforeunload"]);
});

test("a graph too wide to fit opens on its trigger, not on its middle, with handles still drawn", async ({ page }) => {
  const slug = `e2e-wide-${Date.now().toString(36)}`;
  const steps = Array.from({ length: 14 }, (_, i) => ({ id: `wait-${i + 1}`, kind: "delay", name: `Wait ${i + 1}`, duration: "1m", position: { x: (i + 1) * 320, y: 0 } }));
  const graph = {
    slug,
    name: "E2E wide",
    nodes: [
      { id: "start", kind: "trigger", name: "Start", position: { x: 0, y: 0 }, inputSchema: { type: "object", properties: {} } },
      ...steps,
      { id: "finish", kind: "end", name: "Done", position: { x: 15 * 320, y: 0 }, output: {} },
    ],
    edges: ["start", ...steps.map((s) => s.id)].map((from, i, all) => ({ id: `e${i}`, source: from, target: all[i + 1] ?? "finish" })),
  };
  await page.goto("/processes/new");
  await page.getByTestId("import-file").setInputFiles({ name: "wide.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(graph)) });
  await expect(page.getByRole("textbox", { name: "Slug" })).toHaveValue(slug);
  await page.getByRole("button", { name: "Create and open designer" }).click();
  await expect(page).toHaveURL(new RegExp(`/processes/${slug}/design$`));
  await expect(node(page, "start")).toBeVisible();
  await settled(page);
  const canvas = (await page.getByTestId("process-canvas").boundingBox())!;
  const start = (await node(page, "start").boundingBox())!;
  expect(start.x).toBeGreaterThanOrEqual(canvas.x);
  expect(start.x + start.width).toBeLessThanOrEqual(canvas.x + canvas.width);
  expect(start.y).toBeGreaterThanOrEqual(canvas.y);
  expect(start.y + start.height).toBeLessThanOrEqual(canvas.y + canvas.height);
  // Not zoomed out past the level of detail that hides handles.
  await expect(page.getByTestId("process-canvas")).not.toHaveClass(/baton-lod/);
  await expect(node(page, "start").locator(".react-flow__handle.source")).toBeVisible();
});
