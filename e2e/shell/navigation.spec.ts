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
