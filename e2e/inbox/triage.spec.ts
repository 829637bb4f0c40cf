import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { escalationOf as findEscalation } from "../fixtures/escalations";
import { newReviewer } from "../fixtures/users";
import { createOperatorKey, startSupportTriageRun, UNSURE_SUPPORT_TRIAGE_INPUT, URGENT_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

const row = (page: Page, runId: string) => page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`);

/** Opens a run's escalation from the list by its own link, and waits for that page (rows may move as the list polls). */
async function openRow(page: Page, runId: string, escalationId: string) {
  await row(page, runId).locator(`a[href="/inbox/${escalationId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/inbox/${escalationId}$`));
}

type Esc = { id: string; status: string; decision: string | null; comment: string | null; dueAt: string | null; createdAt: string };
const escalationOf = (request: APIRequestContext, key: string, runId: string) => findEscalation<Esc>(request, key, runId);

test("a reviewer works the queue by keyboard: only what they may decide, case file, a / r / e, auto-advance, no stale errors", async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const key = await createOperatorKey(page);
  const longEmail = `customer-with-a-very-long-address-${"x".repeat(220)}@example.com`;
  const operatorRun = await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT);
  const first = await startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id: "T-41", customerEmail: longEmail } });
  const second = await startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id: "T-42" } });
  const third = await startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id: "T-43" } });
  for (const r of [operatorRun, first, second, third]) await escalationOf(request, key, r);

  const { page: reviewer } = await newReviewer(page, browser, "Rita");
  await reviewer.goto("/inbox");
  // Default view: only what a reviewer may decide; the operator's escalation is not offered.
  await expect(row(reviewer, first)).toBeVisible({ timeout: 30_000 });
  await expect(row(reviewer, operatorRun)).toHaveCount(0);
  // Due time sorts for real: the 8 h review steps come after nothing-later, each shows when it is due.
  await expect(row(reviewer, first).getByTestId("escalation-due")).toHaveAttribute("data-due-state", "on-time");
  await expect(row(reviewer, first).getByTestId("escalation-due")).toContainText(/in (7|8) h/);

  // All roles: the operator's item shows, read-only with the reason; its page has no decision button.
  await reviewer.getByLabel("Show", { exact: true }).selectOption("all");
  await expect(reviewer).toHaveURL(/scope=all/);
  await expect(row(reviewer, operatorRun).getByTestId("escalation-read-only")).toContainText("Needs the operator role; you are reviewer.");
  // Sorted by due time (soonest first), whatever order the runs reached their human steps in.
  const order = await reviewer.getByTestId("escalation-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")));
  const due = new Map<string, number>();
  for (const r of [operatorRun, first, second, third]) due.set(r, Date.parse((await escalationOf(request, key, r)).dueAt!));
  const shown = order.filter((r): r is string => r !== null && due.has(r));
  expect(shown).toHaveLength(4);
  expect(shown).toEqual([...shown].sort((a, b) => due.get(a)! - due.get(b)!));
  // Long values wrap inside the table at 1280 px: nothing scrolls sideways.
  const widths = await reviewer.getByRole("table", { name: "Escalations" }).evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth, page: document.documentElement.scrollWidth }));
  expect(widths.table).toBeLessThanOrEqual(widths.box);
  expect(widths.page).toBeLessThanOrEqual(1280);
  // Open it by its own link (other specs' escalations share the list, and a poll may move rows under a click).
  await openRow(reviewer, operatorRun, (await escalationOf(request, key, operatorRun)).id);
  await expect(reviewer.getByTestId("escalation-read-only")).toContainText("needs the operator role");
  await expect(reviewer.getByRole("group", { name: "Decisions" })).toHaveCount(0);
  await reviewer.keyboard.press("a");
  await expect(reviewer.getByTestId("escalation-status")).toContainText("open");

  // Back in the list: j / k move, Enter opens, ? explains.
  await reviewer.goto("/inbox");
  await expect(row(reviewer, first)).toBeVisible();
  const rows = reviewer.getByTestId("escalation-row");
  await expect(rows.first()).toHaveAttribute("aria-selected", "true");
  await reviewer.keyboard.press("?");
  await expect(reviewer.getByTestId("keyboard-help")).toContainText("Next escalation");
  await reviewer.keyboard.press("Escape");
  await expect(reviewer.getByTestId("keyboard-help")).toHaveCount(0);
  // j until this test's first item is selected (other specs' items share the list), then j / k.
  for (let i = 0; i < 60 && (await row(reviewer, first).getAttribute("aria-selected")) !== "true"; i++) await reviewer.keyboard.press("j");
  await expect(row(reviewer, first)).toHaveAttribute("aria-selected", "true");
  // Away and back: k then j, unless it is the top row (runs reach their human steps in any order, so it may be last).
  const onTop = (await rows.first().getAttribute("data-run-id")) === first;
  await reviewer.keyboard.press(onTop ? "j" : "k");
  await expect(row(reviewer, first)).toHaveAttribute("aria-selected", "false");
  await reviewer.keyboard.press(onTop ? "k" : "j");
  await expect(row(reviewer, first)).toHaveAttribute("aria-selected", "true");
  await reviewer.keyboard.press("Enter");
  await expect(reviewer).toHaveURL(/\/inbox\/esc_/);

  // The case file: labelled fields, not JSON; the model and the cost so far; the run's graph one click away.
  await expect(reviewer.getByTestId("case-file-input")).toContainText("Customer email");
  await expect(reviewer.getByTestId("case-file-input")).toContainText(longEmail);
  await expect(reviewer.getByTestId("case-file-upstream-draft")).toContainText("Reply");
  await expect(reviewer.getByTestId("case-file-proposed")).toContainText("Confidence");
  await expect(reviewer.getByTestId("case-file-model")).toContainText("sim/");
  await expect(reviewer.getByTestId("case-file-cost")).toContainText("$");
  await expect(reviewer.getByTestId("case-file-run-link")).toHaveAttribute("href", `/runs/${first}`);
  // Each allowed decision named once.
  await expect(reviewer.getByTestId("escalation-allowed")).toHaveText("Allowed:Send as is (approve)Edit and send (edit)Handle manually (reject)");
  // The long address in the reason wraps: the page does not scroll sideways.
  expect(await reviewer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

  // A refusal (someone else decided a moment ago) is shown; the next attempt clears it instead of stacking.
  const esc1 = await escalationOf(request, key, first);
  const taken = await request.post(`/api/v1/escalations/${esc1.id}/resolve`, { headers: { Authorization: `Bearer ${key}` }, data: { decision: "approve" } });
  expect(taken.status()).toBe(200);
  await reviewer.keyboard.press("a");
  await expect(reviewer.getByRole("alert").filter({ hasText: "already resolved" })).toBeVisible();
  await reviewer.keyboard.press("e");
  const edit = reviewer.getByRole("form", { name: "Corrected output" });
  await edit.getByLabel("Reply", { exact: true }).fill("");
  await edit.getByRole("button", { name: "Edit and send" }).click();
  await expect(edit.locator('[data-field-path="reply"]').getByTestId("field-error")).toBeVisible();
  await expect(reviewer.getByText("already resolved")).toHaveCount(0);

  // Second item: approve with "a"; auto-advance opens the next one.
  await reviewer.goto("/inbox");
  const esc2 = await escalationOf(request, key, second);
  await openRow(reviewer, second, esc2.id);
  await expect(reviewer.getByTestId("escalation-status")).toContainText("open");
  await expect(reviewer.getByTestId("auto-advance")).toBeChecked();
  await reviewer.keyboard.press("a");
  await expect(reviewer).toHaveURL(new RegExp(`after=${esc2.id}`));
  await expect(reviewer.getByText("Decision recorded; this is the next item")).toBeVisible();
  expect((await escalationOf(request, key, second)).decision).toBe("approve");

  // Third: reject with a comment, by key (typing in the comment does not trigger shortcuts).
  await reviewer.goto("/inbox");
  await openRow(reviewer, third, (await escalationOf(request, key, third)).id);
  await reviewer.getByLabel(/Comment/).fill("a customer we refund by hand; reject");
  await reviewer.getByLabel(/Comment/).blur();
  await reviewer.keyboard.press("r");
  await expect.poll(async () => (await escalationOf(request, key, third)).decision, { timeout: 15_000 }).toBe("reject");
  expect((await escalationOf(request, key, third)).comment).toBe("a customer we refund by hand; reject");
  await reviewer.context().close();
});
