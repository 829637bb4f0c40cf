import { expect, test } from "@playwright/test";
import { waitSaved } from "../designer/canvas";
import { createOperatorKey, SUPPORT_TRIAGE_INPUT } from "./support-triage";

/**
 * A daily budget set in the designer's process settings: the first run of the day starts, and once
 * today's runs have cost the cap the start-run dialog says why the next one did not start, keeping the
 * input typed; the analytics Budgets card shows the cap reached.
 */
test("a process's daily budget refuses new runs once today's spend reached it, and says so", async ({ page, request }) => {
  test.setTimeout(240_000);
  const key = await createOperatorKey(page);
  const auth = { Authorization: `Bearer ${key}` };
  const slug = `capped-${Date.now()}`;
  const source = (await (await request.get("/api/v1/processes/support-triage", { headers: auth })).json()) as { draft: Record<string, unknown> };
  const imported = await request.post("/api/v1/processes", { headers: auth, data: { graph: { ...source.draft, slug, name: `Capped ${slug}` } } });
  expect(imported.status(), await imported.text()).toBeLessThan(300);

  // The designer's process settings (nothing selected): a daily budget far below one run's cost.
  await page.goto(`/processes/${slug}/design`);
  const settings = page.getByTestId("process-settings");
  await expect(settings).toBeVisible();
  await settings.getByLabel("Daily budget USD").fill("0.000001");
  await waitSaved(page);
  await page.getByRole("button", { name: "Publish…" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-result")).toHaveText("Published v1.");

  // Nothing spent yet today: the first run starts, and costs something.
  const started = await request.post(`/api/v1/processes/${slug}/runs`, { headers: auth, data: { input: SUPPORT_TRIAGE_INPUT } });
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/runs/${runId}`, { headers: auth })).json()) as { totals: { costUsd: number } }).totals.costUsd, { timeout: 120_000 })
    .toBeGreaterThan(0);

  // The next start, from the UI: refused with the reason, the dialog and its input kept.
  await page.goto(`/processes/${slug}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Run ${slug}` });
  const field = (label: string) => dialog.getByLabel(label, { exact: true });
  await field("Id").fill("T-CAP");
  await field("Subject").fill("Refund");
  await field("Body").fill("I was charged twice");
  await field("Customer email").fill("ann@example.com");
  await field("Plan").selectOption("pro");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`"${slug}" has reached its daily budget`);
  await expect(dialog.getByRole("alert")).toContainText("New runs start again at");
  await expect(field("Id")).toHaveValue("T-CAP");
  await expect(page).toHaveURL(new RegExp(`/processes/${slug}$`));

  // Analytics: today's spend against the daily budget, marked reached.
  await page.goto(`/analytics/${slug}`);
  await expect(page.getByTestId("budget-today")).toContainText("daily budget; reached: new runs are refused until 00:00 UTC");
});
