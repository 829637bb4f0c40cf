import { expect, type Locator, type Page } from "@playwright/test";

/** Helpers to work the designer canvas with a real mouse (React Flow keeps `data-id` on nodes). */
export const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

export function sourceHandle(page: Page, nodeId: string, handleId = "out"): Locator {
  return node(page, nodeId).locator(`.react-flow__handle.source[data-handleid="${handleId}"]`);
}

export function targetHandle(page: Page, nodeId: string, handleId = "in"): Locator {
  return node(page, nodeId).locator(`.react-flow__handle.target[data-handleid="${handleId}"]`);
}

/** Waits until the viewport and the nodes stop moving (fit view and tidy-up animate, after a frame). */
export async function settled(page: Page) {
  const snapshot = () =>
    page.evaluate(`[...document.querySelectorAll(".react-flow__viewport, .react-flow__node")].map((e) => e.getAttribute("style")).join("|")`);
  let last = await snapshot();
  let stable = 0;
  await expect
    .poll(
      async () => {
        const now = await snapshot();
        stable = now === last ? stable + 1 : 0;
        last = now;
        return stable;
      },
      { intervals: [250] },
    )
    .toBeGreaterThanOrEqual(2);
}

/** Drags a connection from one handle to another, in small mouse steps as a person would. */
export async function connect(page: Page, from: Locator, to: Locator) {
  // Boxes read while the viewport still animates (fit view after a tidy-up) would grab the node, not its handle.
  await settled(page);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

export async function waitSaved(page: Page) {
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-status", "saved", { timeout: 15_000 });
}

/** Creates a process from a template on /processes/new (unique slug) and waits for its designer. */
export async function createProcess(page: Page, name: string, template: string): Promise<string> {
  const slug = `e2e-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}`;
  await page.goto("/processes/new");
  await page.getByRole("textbox", { name: "Name" }).fill(name);
  await page.getByRole("textbox", { name: "Slug" }).fill(slug);
  await page.getByTestId(`template-${template}`).click();
  await page.getByRole("button", { name: "Create and open designer" }).click();
  await expect(page).toHaveURL(new RegExp(`/processes/${slug}/design$`));
  await expect(page.getByTestId("designer")).toBeVisible();
  return slug;
}

/** A sticky note on the canvas by its note id (React Flow knows it as `note:<id>`). */
export const note = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="note:${id}"]`);

/** Holds a key down until `gone` has left the page, then lets go: waits on the result, not on time. */
export async function holdKeyUntil(page: Page, key: string, gone: Locator) {
  await page.keyboard.down(key);
  try {
    await expect(gone).toHaveCount(0);
  } finally {
    await page.keyboard.up(key);
  }
}
