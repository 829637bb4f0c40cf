import { expect, test } from "@playwright/test";
import { adminCredentials } from "../fixtures/credentials";
import { signedOut, signIn } from "../fixtures/sign-in";

test.use(signedOut);

test("unauthenticated /runs redirects to sign-in", async ({ page }) => {
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in to Baton" })).toBeVisible();
});

test("a wrong password shows an error and stays on sign-in", async ({ page }) => {
  const { email } = adminCredentials();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("definitely-not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the right password lands on the shell, and sign-in returns to the page asked for", async ({ page }) => {
  await page.goto("/runs");
  await signIn(page, adminCredentials(), page.url());
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("sign-out returns to sign-in and ends the session", async ({ page }) => {
  await signIn(page, adminCredentials());
  await expect(page).toHaveURL(/\/processes$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/processes");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-in never leaves Baton's origin, whatever ?next= says", async ({ page, baseURL }) => {
  // Browsers read `/\evil.example` as `//evil.example`; the old prefix check let it through.
  await signIn(page, adminCredentials(), "/sign-in?next=/%5Cevil.example");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  await expect(page).toHaveURL(/\/processes$/);
});
