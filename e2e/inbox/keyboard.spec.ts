import { expect, test } from "@playwright/test";
import { escalationOf } from "../fixtures/escalations";
import { newReviewer } from "../fixtures/users";
import { createOperatorKey, startSupportTriageRun, UNSURE_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

type Esc = { id: string; status: string; decision: string | null; output: unknown };

test("keyboard alone: an edit through the contract's form, its contract errors fixed, then an approve; both runs continue", async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const key = await createOperatorKey(page);
  const editRun = await startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id: "T-91" } });
  const approveRun = await startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id: "T-92" } });
  const toEdit = await escalationOf<Esc>(request, key, editRun);
  const toApprove = await escalationOf<Esc>(request, key, approveRun);
  const { page: kim } = await newReviewer(page, browser, "Kim");

  // From here on: no clicks, no fill; only keys (and addresses, as a link in a chat message would be).
  await kim.goto(`/inbox/${toEdit.id}`);
  await expect(kim.getByTestId("escalation-status")).toContainText("open");
  await kim.keyboard.press("e");
  const edit = kim.getByRole("form", { name: "Corrected output" });
  const reply = edit.getByLabel("Reply", { exact: true });
  const confidence = edit.getByLabel("Confidence", { exact: true });
  await expect(reply).toBeFocused();
  // Break the contract: an empty reply and a confidence above 1; Enter in a field submits.
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
  await expect.poll(async () => (await escalationOf<Esc>(request, key, editRun)).decision, { timeout: 15_000 }).toBe("edit");
  expect((await escalationOf<Esc>(request, key, editRun)).output).toEqual({ reply: "We refunded the duplicate charge.", confidence: 0.9 });

  await kim.goto(`/inbox/${toApprove.id}`);
  await expect(kim.getByTestId("escalation-status")).toContainText("open");
  await kim.keyboard.press("a");
  await expect.poll(async () => (await escalationOf<Esc>(request, key, approveRun)).decision, { timeout: 15_000 }).toBe("approve");

  // Both runs go on past the review step.
  await expect(async () => {
    for (const r of [editRun, approveRun]) {
      const run = (await (await request.get(`/api/v1/runs/${r}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { status: string };
      expect(run.status).toBe("completed");
    }
  }).toPass({ timeout: 30_000 });
  await kim.context().close();
});
