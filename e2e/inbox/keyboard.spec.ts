import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { escalationOf as findEscalation } from "../fixtures/escalations";
import { newReviewer } from "../fixtures/users";
import { createOperatorKey, startSupportTriageRun, UNSURE_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

type Esc = { id: string; status: string; decision: string | null; output: unknown; comment: string | null; claimedBy: string | null };
const escalationOf = (request: APIRequestContext, key: string, runId: string) => findEscalation<Esc>(request, key, runId);
const row = (page: Page, runId: string) => page.locator(`[data-testid="escalation-row"][data-run-id="${runId}"]`);

/** j / k until this run's row is highlighted (other specs' escalations share the list, in due order). */
async function highlight(page: Page, runId: string) {
  const target = row(page, runId);
  await expect(target).toBeVisible({ timeout: 30_000 });
  for (let i = 0; i < 100 && (await target.getAttribute("aria-selected")) !== "true"; i++) {
    const rows = await page.getByTestId("escalation-row").evaluateAll((els) => els.map((e) => [e.getAttribute("data-run-id"), e.getAttribute("aria-selected")]));
    const at = rows.findIndex(([r]) => r === runId);
    const current = rows.findIndex(([, s]) => s === "true");
    await page.keyboard.press(at > current ? "j" : "k");
  }
  await expect(target).toHaveAttribute("aria-selected", "true");
}

/**
 * Opens a page and waits until React has hydrated these elements and run its effects: the server-rendered
 * markup shows first, and a key pressed before the page's shortcut listeners are attached is lost.
 */
async function openHydrated(page: Page, url: string, testIds: string[]) {
  await page.goto(url);
  await page.waitForFunction(
    (ids) => ids.every((id) => { const el = document.querySelector(`[data-testid="${id}"]`); return !!el && Object.keys(el).some((k) => k.startsWith("__reactFiber")); }),
    testIds,
    { timeout: 30_000 },
  );
  // Passive effects (where the listeners are attached) run after the hydrating commit: let them.
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 50))));
}

/** Tab until the element with this id has focus (the way a keyboard user reaches a field). */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++) await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
}

test("keyboard alone: a reviewer triages five escalations (approve, edit with a contract fix, reject with a comment, a claim taken over, bulk approve two); every run continues", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const key = await createOperatorKey(page);
  const [approveRun, editRun, rejectRun, heldRun, bulkRun1, bulkRun2] = await Promise.all(
    ["T-91", "T-92", "T-93", "T-94", "T-95", "T-96"].map((id) => startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id } })),
  );
  const runs = [approveRun!, editRun!, rejectRun!, heldRun!, bulkRun1!, bulkRun2!];
  const [toApprove, toEdit, toReject, held] = await Promise.all(runs.slice(0, 4).map((r) => escalationOf(request, key, r)));
  const { page: kim, email: kimEmail } = await newReviewer(page, browser, "Kim");
  const bob = await newReviewer(page, browser, "Bob");

  // The second reviewer claims one first (by key too, in his own browser).
  await openHydrated(bob.page, `/inbox/${held!.id}`, ["escalation-status", "claim-holder"]);
  await expect(bob.page.getByTestId("claim-holder")).toContainText("Nobody has claimed it yet.");
  await bob.page.keyboard.press("c");
  await expect(bob.page.getByTestId("claim-holder")).toContainText("You hold it until");
  expect((await escalationOf(request, key, heldRun!)).claimedBy).toBe(bob.email);

  // From here on Kim uses no clicks and no fill: only keys (and addresses, as a link in a chat message would be).
  // 1. Approve; auto-advance then opens her next item.
  await openHydrated(kim, `/inbox/${toApprove!.id}`, ["escalation-status"]);
  await expect(kim.getByTestId("escalation-status")).toContainText("open");
  await kim.keyboard.press("?");
  const help = kim.getByTestId("keyboard-help");
  for (const k of ["x", "A", "c"]) await expect(help.locator("kbd", { hasText: new RegExp(`^${k}$`) })).toHaveCount(1);
  await kim.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  await kim.keyboard.press("a");
  await expect(kim).toHaveURL(new RegExp(`after=${toApprove!.id}`));
  expect((await escalationOf(request, key, approveRun!)).decision).toBe("approve");

  // 2. Edit through the contract's form: break the contract, see the errors on the fields, fix them, send.
  await openHydrated(kim, `/inbox/${toEdit!.id}`, ["escalation-status"]);
  await expect(kim.getByTestId("escalation-status")).toContainText("open");
  await kim.keyboard.press("e");
  const edit = kim.getByRole("form", { name: "Corrected output" });
  const reply = edit.getByLabel("Reply", { exact: true });
  const confidence = edit.getByLabel("Confidence", { exact: true });
  await expect(reply).toBeFocused();
  await kim.keyboard.press("ControlOrMeta+a");
  await kim.keyboard.press("Delete");
  await kim.keyboard.press("Tab");
  await expect(confidence).toBeFocused();
  await kim.keyboard.press("ControlOrMeta+a");
  await kim.keyboard.type("7");
  await kim.keyboard.press("Enter");
  await expect(edit.locator('[data-field-path="reply"]').getByTestId("field-error")).toHaveText("At least 1 character (now 0)");
  await expect(edit.locator('[data-field-path="confidence"]').getByTestId("field-error")).toHaveText("Must be at most 1");
  await expect(kim.getByTestId("escalation-status")).toContainText("open");
  // Focus is on the first wrong field: fix both and send.
  await expect(reply).toBeFocused();
  await kim.keyboard.type("We refunded the duplicate charge.");
  await kim.keyboard.press("Tab");
  await kim.keyboard.press("ControlOrMeta+a");
  await kim.keyboard.type("0.9");
  await kim.keyboard.press("Enter");
  await expect(kim).toHaveURL(new RegExp(`after=${toEdit!.id}`));
  const edited = await escalationOf(request, key, editRun!);
  expect(edited.decision).toBe("edit");
  expect(edited.output).toEqual({ reply: "We refunded the duplicate charge.", confidence: 0.9 });

  // 3. Reject with a comment: Tab to the comment, type it, Tab out, r.
  await openHydrated(kim, `/inbox/${toReject!.id}`, ["escalation-status"]);
  await expect(kim.getByTestId("escalation-status")).toContainText("open");
  await tabTo(kim, "escalation-comment");
  // An r typed into the comment is text, not a decision.
  await kim.keyboard.type("a customer we refund by hand; r");
  await expect(kim.getByLabel(/Comment/)).toHaveValue("a customer we refund by hand; r");
  await expect(kim.getByTestId("escalation-status")).toContainText("open");
  await kim.keyboard.type("eject");
  await kim.keyboard.press("Tab");
  await kim.keyboard.press("r");
  await expect(kim).toHaveURL(new RegExp(`after=${toReject!.id}`));
  const rejected = await escalationOf(request, key, rejectRun!);
  expect(rejected.decision).toBe("reject");
  expect(rejected.comment).toBe("a customer we refund by hand; reject");

  // 4. Held by Bob: no decisions until Kim takes it over with c (recorded), then approves it.
  await openHydrated(kim, `/inbox/${held!.id}`, ["escalation-status", "held-by-other"]);
  await expect(kim.getByTestId("held-by-other")).toContainText(bob.email);
  await expect(kim.getByRole("group", { name: "Decisions" })).toHaveCount(0);
  await kim.keyboard.press("c");
  await expect(kim.getByTestId("claim-holder")).toContainText("You hold it until");
  await expect(kim.getByRole("group", { name: "Decisions" })).toBeVisible();
  expect((await escalationOf(request, key, heldRun!)).claimedBy).toBe(kimEmail);
  await kim.keyboard.press("a");
  await expect(kim).toHaveURL(new RegExp(`after=${held!.id}`));
  expect((await escalationOf(request, key, heldRun!)).decision).toBe("approve");
  const audit = await request.get(`/api/v1/escalations/${held!.id}/audit`, { headers: { Authorization: `Bearer ${key}` } });
  const actions = ((await audit.json()) as { entries: Array<{ action: string }> }).entries.map((e) => e.action).filter((a) => a !== "viewed");
  expect(actions).toEqual(["claimed", "taken_over", "decided"]);

  // 5. Bulk approve two from the list: x selects the highlighted row, Shift+A asks, Escape cancels, Enter confirms.
  await kim.goto("/inbox");
  for (const r of [bulkRun1!, bulkRun2!]) {
    await highlight(kim, r);
    await kim.keyboard.press("x");
    await expect(row(kim, r).getByTestId("escalation-select")).toBeChecked();
  }
  await expect(kim.getByTestId("bulk-bar")).toContainText("2 selected");
  await kim.keyboard.press("Shift+A");
  const dialog = kim.getByRole("dialog");
  await expect(dialog).toContainText("2 of 2 selected allow it");
  await expect(dialog.getByRole("button", { name: "Approve 2" })).toBeFocused();
  await kim.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  for (const r of [bulkRun1!, bulkRun2!]) expect((await escalationOf(request, key, r)).status).toBe("open");
  await kim.keyboard.press("Shift+A");
  await expect(dialog.getByRole("button", { name: "Approve 2" })).toBeFocused();
  await kim.keyboard.press("Enter");
  await expect(dialog.locator('[data-testid="bulk-result"][data-ok="true"]')).toHaveCount(2);
  await kim.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  for (const r of [bulkRun1!, bulkRun2!]) expect((await escalationOf(request, key, r)).decision).toBe("approve");

  // Every run goes on past the review step: to the end, or (rejected) to the operators' manual step.
  await expect(async () => {
    const next = await request.get(`/api/v1/escalations?runId=${rejectRun}&status=open`, { headers: { Authorization: `Bearer ${key}` } });
    expect(((await next.json()) as { escalations: Array<{ nodeId: string }> }).escalations.map((e) => e.nodeId)).toEqual(["escalate"]);
    for (const r of runs.filter((r) => r !== rejectRun)) {
      const run = (await (await request.get(`/api/v1/runs/${r}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { status: string };
      expect(run.status, r).toBe("completed");
    }
  }).toPass({ timeout: 60_000 });
  await kim.context().close();
  await bob.page.context().close();
});
