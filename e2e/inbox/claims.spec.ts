import { expect, test } from "@playwright/test";
import { escalationOf } from "../fixtures/escalations";
import { newReviewer } from "../fixtures/users";
import { createOperatorKey, startSupportTriageRun, UNSURE_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

test("two reviewers: a claim blocks the other until an explicit take-over, the audit lists it all, and bulk approve decides two", async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const key = await createOperatorKey(page);
  const runs: string[] = [];
  for (const id of ["T-71", "T-72", "T-73"]) runs.push(await startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id } }));
  const [esc1, esc2, esc3] = await Promise.all(runs.map((r) => escalationOf(request, key, r)));

  const ana = await newReviewer(page, browser, "Ana");
  const bob = await newReviewer(page, browser, "Bob");

  // Ana claims the first one.
  await ana.page.goto(`/inbox/${esc1!.id}`);
  await ana.page.getByTestId("claim-button").click();
  await expect(ana.page.getByTestId("claim-holder")).toContainText("You hold it until");
  expect((await escalationOf(request, key, runs[0]!)).claimedBy).toBe(ana.email);

  // Bob sees who holds it in the list and on the page, with no decision form, until he takes it over.
  await bob.page.goto("/inbox");
  await expect(bob.page.locator(`[data-testid="escalation-row"][data-run-id="${runs[0]}"]`).getByTestId("escalation-holder")).toHaveText(ana.email);
  await bob.page.goto(`/inbox/${esc1!.id}`);
  await expect(bob.page.getByTestId("held-by-other")).toContainText(ana.email);
  await expect(bob.page.getByRole("group", { name: "Decisions" })).toHaveCount(0);
  await bob.page.getByTestId("take-over-button").click();
  await expect(bob.page.getByTestId("claim-holder")).toContainText("You hold it");
  await expect(bob.page.getByRole("group", { name: "Decisions" })).toBeVisible();
  await bob.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await bob.page.keyboard.press("a");
  await expect.poll(async () => (await escalationOf(request, key, runs[0]!)).decision, { timeout: 15_000 }).toBe("approve");

  // Ana's page now shows the outcome; the audit (as the admin) lists every action with who did it.
  await page.goto(`/inbox/${esc1!.id}`);
  const audit = page.getByTestId("audit-row");
  await expect(audit.filter({ hasText: "Decided" })).toContainText(bob.email);
  const actions = await audit.evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
  expect(actions.filter((a) => a !== "viewed")).toEqual(["claimed", "taken_over", "decided"]);
  expect(actions).toContain("viewed");
  await expect(audit.filter({ hasText: "Took over" })).toContainText(bob.email);
  const rest = await request.get(`/api/v1/escalations/${esc1!.id}/audit`, { headers: { Authorization: `Bearer ${key}` } });
  expect(((await rest.json()) as { entries: Array<{ action: string }> }).entries.map((e) => e.action)).toEqual(expect.arrayContaining(["claimed", "taken_over", "decided", "viewed"]));

  // Bulk approve the other two from the list, confirmed, with a result per item; their runs continue.
  await bob.page.goto("/inbox");
  for (const r of [runs[1], runs[2]]) await bob.page.locator(`[data-testid="escalation-row"][data-run-id="${r}"]`).getByTestId("escalation-select").check();
  await bob.page.getByTestId("bulk-approve").click();
  const dialog = bob.page.getByRole("dialog");
  await expect(dialog).toContainText("2 of 2 selected allow it");
  await dialog.getByRole("button", { name: "Approve 2" }).click();
  await expect(dialog.getByTestId("bulk-result")).toHaveCount(2);
  await expect(dialog.locator('[data-testid="bulk-result"][data-ok="true"]')).toHaveCount(2);
  await dialog.getByRole("button", { name: "Close" }).click();
  for (const r of [runs[1]!, runs[2]!]) expect((await escalationOf(request, key, r)).decision).toBe("approve");
  for (const r of [esc2!, esc3!]) expect(r.status).toBe("open");
  await expect(async () => {
    for (const r of runs) {
      const run = (await (await request.get(`/api/v1/runs/${r}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { status: string };
      expect(run.status).toBe("completed");
    }
  }).toPass({ timeout: 30_000 });
  await ana.page.context().close();
  await bob.page.context().close();
});
