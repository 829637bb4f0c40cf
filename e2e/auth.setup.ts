import { test as setup } from "@playwright/test";
import { ADMIN_STORAGE_STATE } from "../playwright.config";
import { adminCredentials } from "./fixtures/credentials";
import { signIn } from "./fixtures/sign-in";

setup("sign in as admin", async ({ page }) => {
  await signIn(page, adminCredentials());
  await page.context().storageState({ path: ADMIN_STORAGE_STATE });
});
