import { expect, test } from "@playwright/test";

const PAGES = [
  { label: "Processes", path: "/processes" },
  { label: "Runs", path: "/runs" },
  { label: "Inbox", path: "/inbox" },
  { label: "Analytics", path: "/analytics" },
  { label: "Calculator", path: "/calculator" },
  { label: "Settings", path: "/settings" },
] as const;

test("/ opens Processes", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/processes$/);
  await expect(page.getByRole("heading", { level: 1, name: "Processes" })).toBeVisible();
});

test("each navigation item opens its page", async ({ page }) => {
  await page.goto("/processes");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const { label, path } of PAGES) {
    await nav.getByRole("link", { name: label }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
  }
});

test("the header shows the signed-in user and role", async ({ page }) => {
  await page.goto("/processes");
  await expect(page.getByTestId("current-user")).toContainText("admin");
});

test("the side navigation's background covers the viewport all the way down a long page", async ({ page }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  // Make the page several viewports tall whatever the data, then scroll to its end.
  await page.locator("main").evaluate((main) => {
    const filler = document.createElement("div");
    filler.style.height = "4000px";
    main.appendChild(filler);
  });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const height = page.viewportSize()!.height;
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(3000);
  // What is painted at the left edge, top and bottom of the viewport, is the sidebar.
  for (const y of [4, Math.round(height / 2), height - 4]) {
    const inSidebar = await page.evaluate(([x, y]) => Boolean(document.elementFromPoint(x!, y!)?.closest("aside")), [8, y]);
    expect(inSidebar, `sidebar at y=${y}`).toBe(true);
  }
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Processes" })).toBeInViewport();
});
