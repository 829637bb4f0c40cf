import { expect, test } from "@playwright/test";
import { createOperatorKey } from "./support-triage";

/** A trigger contract using every part of the subset: nested object, array of objects with bounds, array of strings, enum, boolean. */
const inputSchema = {
  type: "object",
  required: ["customer", "lines", "priority", "express"],
  additionalProperties: false,
  properties: {
    customer: {
      type: "object",
      description: "Who ordered",
      required: ["email"],
      properties: { email: { type: "string" }, name: { type: "string", maxLength: 80 } },
    },
    lines: {
      type: "array",
      minItems: 1,
      maxItems: 3,
      items: { type: "object", required: ["sku", "qty"], properties: { sku: { type: "string" }, qty: { type: "integer", minimum: 1, maximum: 10 } } },
    },
    tags: { type: "array", items: { type: "string" } },
    priority: { type: "string", enum: ["low", "high"] },
    express: { type: "boolean" },
    note: { type: "string", description: "Anything the packer should know" },
  },
};

test("the run form covers nested objects, reorderable arrays, bounds, enums and booleans, and starts the run with exactly that JSON", async ({ page }) => {
  const slug = `form-showcase-${Date.now()}`;
  const key = await createOperatorKey(page);
  const auth = { Authorization: `Bearer ${key}` };
  const graph = {
    slug,
    name: "Form showcase",
    nodes: [
      { id: "start", kind: "trigger", name: "Order", inputSchema },
      { id: "done", kind: "end", name: "Done" },
    ],
    edges: [{ id: "e1", source: "start", target: "done" }],
  };
  expect((await page.request.post("/api/v1/processes", { headers: auth, data: { graph } })).ok()).toBe(true);
  expect((await page.request.post(`/api/v1/processes/${slug}/publish`, { headers: auth })).ok()).toBe(true);

  await page.goto(`/processes/${slug}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Run ${slug}` });
  const line = (n: number) => dialog.locator(`[data-field-path="lines"] li`).nth(n);

  await expect(dialog.getByText("Who ordered")).toBeVisible();
  await dialog.getByLabel("Email", { exact: true }).fill("ann@example.com");
  // One line to start with (minItems 1): fill it, add two more, the third fills the array (maxItems 3).
  await line(0).getByLabel("Sku").fill("A");
  await line(0).getByLabel("Qty").fill("2");
  await dialog.getByRole("button", { name: "Add line" }).click();
  await line(1).getByLabel("Sku").fill("B");
  await line(1).getByLabel("Qty").fill("11");
  await dialog.getByRole("button", { name: "Add line" }).click();
  await line(2).getByLabel("Sku").fill("C");
  await line(2).getByLabel("Qty").fill("1");
  await expect(dialog.getByRole("button", { name: "Add line" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Add tag" }).click();
  await dialog.getByLabel("Tag 1", { exact: true }).fill("gift");
  await dialog.getByLabel("Express", { exact: true }).check();

  // Bounds and the unchosen enum are reported on their fields.
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(line(1).getByTestId("field-error")).toHaveText("Must be at most 10");
  await expect(dialog.locator('[data-field-path="priority"]').getByTestId("field-error")).toHaveText("Required");
  await line(1).getByLabel("Qty").fill("3");
  await dialog.getByLabel("Priority", { exact: true }).selectOption("high");

  // Reorder and remove: C moves to the top, A is removed.
  await dialog.getByRole("button", { name: "Move Line 3 up" }).click();
  await dialog.getByRole("button", { name: "Move Line 2 up" }).click();
  await dialog.getByRole("button", { name: "Remove Line 2" }).click();
  await expect(line(0).getByLabel("Sku")).toHaveValue("C");
  await expect(line(1).getByLabel("Sku")).toHaveValue("B");

  // The JSON view shows the same value (the optional, untouched `note` and `customer.name` are left out).
  await dialog.getByRole("button", { name: "JSON", exact: true }).click();
  const expected = {
    customer: { email: "ann@example.com" },
    lines: [
      { sku: "C", qty: 1 },
      { sku: "B", qty: 3 },
    ],
    tags: ["gift"],
    priority: "high",
    express: true,
  };
  expect(JSON.parse(await dialog.getByLabel("Value as JSON").inputValue())).toEqual(expected);
  await dialog.getByRole("button", { name: "Form", exact: true }).click();
  await dialog.getByRole("button", { name: "Start run" }).click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  const runId = (await page.getByRole("heading", { level: 1 }).textContent())!;
  const run = (await (await page.request.get(`/api/v1/runs/${runId}`, { headers: auth })).json()) as { input: unknown };
  expect(run.input).toEqual(expected);
});
