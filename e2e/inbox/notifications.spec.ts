import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { escalationOf } from "../fixtures/escalations";
import { newReviewer } from "../fixtures/users";
import { createOperatorKey, startSupportTriageRun, UNSURE_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

/** The check docs/notifications.md gives receivers: HMAC-SHA256 of `<t>.<raw body>`, t within five minutes. */
function verify(secret: string, body: string, header: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A webhook receiver on 127.0.0.1 that records what Baton sends. */
async function startReceiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/baton`, received, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

const openReviewerCount = async (request: APIRequestContext, key: string) =>
  ((await (await request.get("/api/v1/escalations?status=open&role=reviewer&limit=200", { headers: { Authorization: `Bearer ${key}` } })).json()) as { escalations: unknown[] }).escalations.length;

const unread = async (page: Page) => {
  const badge = page.getByTestId("inbox-unread");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
};

test("a webhook for the reviewer role gets a signed notification when an escalation opens; the nav's unread count drops once the reviewer opens it; the audit lists it", async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const receiver = await startReceiver();
  try {
    // The admin adds the webhook in Settings; its signing secret is shown once.
    await page.goto("/settings");
    await page.getByRole("button", { name: "Add webhook" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("#reviews");
    await dialog.getByLabel("URL").fill(receiver.url);
    await dialog.getByLabel("Role").selectOption("reviewer");
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    const secretField = dialog.getByTestId("webhook-secret");
    await expect(secretField).toHaveValue(/^whsec_/);
    const secret = await secretField.inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();
    const hookRow = page.getByTestId("webhook-row").filter({ hasText: "#reviews" });
    await expect(hookRow).toContainText("reviewer");
    await expect(page.locator("body")).not.toContainText(secret);

    // A run reaches its review step: the receiver gets a signed, Slack-compatible notice naming it.
    const key = await createOperatorKey(page);
    const runId = await startSupportTriageRun(request, key, { ticket: { ...UNSURE_SUPPORT_TRIAGE_INPUT.ticket, id: "T-81" } });
    const esc = await escalationOf(request, key, runId);
    await expect.poll(() => receiver.received.filter((r) => r.body.includes(esc.id)).length, { timeout: 30_000 }).toBe(1);
    const hit = receiver.received.find((r) => r.body.includes(esc.id))!;
    expect(hit.headers["x-baton-event"]).toBe("escalation.opened");
    expect(verify(secret, hit.body, String(hit.headers["x-baton-signature"]))).toBe(true);
    expect(verify(secret, hit.body.replace("reviewer", "operator"), String(hit.headers["x-baton-signature"]))).toBe(false);
    const body = JSON.parse(hit.body) as { text: string; blocks: unknown[]; baton: Record<string, unknown> };
    expect(body.text).toContain("Escalation opened: support-triage · review");
    expect(body.blocks.length).toBeGreaterThan(0);
    expect(body.baton).toMatchObject({ event: "escalation.opened", escalationId: esc.id, runId, process: "support-triage", step: "review", role: "reviewer" });
    expect(String(body.baton.link)).toMatch(new RegExp(`/inbox/${esc.id}$`));

    // The delivery log in Settings says it was delivered.
    await page.goto("/settings");
    await hookRow.getByRole("button", { name: "Delivery log of #reviews" }).click();
    const log = page.getByRole("dialog").getByTestId("delivery-row").filter({ hasText: esc.id });
    await expect(log.and(page.locator('[data-event="escalation.opened"]'))).toHaveAttribute("data-status", "delivered");
    // Its near-SLA notice waits for 80% of the 8-hour review window.
    await expect(log.and(page.locator('[data-event="escalation.near_sla"]'))).toHaveAttribute("data-status", "pending");
    await page.keyboard.press("Escape");

    // A new reviewer has read nothing: the nav counts every open reviewer escalation; opening this one takes it off.
    const rita = await newReviewer(page, browser, "Rita");
    await rita.page.goto("/inbox");
    await expect(async () => expect(await unread(rita.page)).toBe(await openReviewerCount(request, key))).toPass({ timeout: 20_000 });
    const before = await unread(rita.page);
    expect(before).toBeGreaterThan(0);
    await rita.page.goto(`/inbox/${esc.id}`);
    await expect(rita.page.getByTestId("escalation-status")).toContainText("open");
    await expect(async () => expect(await unread(rita.page)).toBe((await openReviewerCount(request, key)) - 1)).toPass({ timeout: 20_000 });

    // She approves by key; the audit lists her view and her decision; the run goes on.
    await rita.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await rita.page.keyboard.press("a");
    await expect.poll(async () => (await escalationOf<{ id: string; decision: string | null }>(request, key, runId)).decision, { timeout: 15_000 }).toBe("approve");
    await page.goto(`/inbox/${esc.id}`);
    const audit = page.getByTestId("audit-row");
    await expect(audit.filter({ hasText: "Decided" })).toContainText(rita.email);
    expect(await audit.evaluateAll((els) => els.map((e) => e.getAttribute("data-action")))).toEqual(expect.arrayContaining(["viewed", "decided"]));
    await rita.page.context().close();

    // Clean up: delete the webhook (its receiver goes away with this test).
    await page.goto("/settings");
    await hookRow.getByRole("button", { name: "Delete #reviews" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete webhook" }).click();
    await expect(hookRow).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
