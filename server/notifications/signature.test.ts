import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signPayload, verifySignature } from "./signature";
import { buildPayload, nearSlaAt } from "./payload";

describe("webhook signatures", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ text: "hi" });

  it("signs <t>.<body> with HMAC-SHA256 as t=…,v1=…", () => {
    const header = signPayload(secret, body, 1_700_000_000);
    expect(header).toBe(`t=1700000000,v1=${createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex")}`);
    expect(verifySignature(secret, body, header, { nowSec: 1_700_000_100 })).toBe(true);
  });

  it("refuses another secret, a changed body, a stale timestamp and a malformed header", () => {
    const header = signPayload(secret, body, 1_700_000_000);
    expect(verifySignature(newWebhookSecret(), body, header, { nowSec: 1_700_000_000 })).toBe(false);
    expect(verifySignature(secret, `${body} `, header, { nowSec: 1_700_000_000 })).toBe(false);
    expect(verifySignature(secret, body, header, { nowSec: 1_700_000_301 })).toBe(false);
    expect(verifySignature(secret, body, "v1=abc", { nowSec: 1_700_000_000 })).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
  });
});

describe("notification payload", () => {
  const facts = { escalationId: "esc_1", runId: "run_1", process: "refunds", step: "review", role: "reviewer", reason: "x".repeat(3000), status: "open", dueAt: null, createdAt: new Date("2026-01-01T00:00:00Z") };

  it("is Slack-compatible (text + blocks) with Baton's fields; long reasons are clipped", () => {
    const p = buildPayload("escalation.breached", facts, { deliveryId: "d1", link: "https://b.example/inbox/esc_1", at: new Date("2026-01-02T00:00:00Z") });
    expect(p.text).toBe("Escalation breached its SLA: refunds · review needs the reviewer role. https://b.example/inbox/esc_1");
    expect(p.blocks.map((b) => b.type)).toEqual(["section", "context", "actions"]);
    expect(JSON.stringify(p.blocks[0]).length).toBeLessThan(3000);
    expect(p.baton).toMatchObject({ event: "escalation.breached", deliveryId: "d1", dueAt: null, openedAt: "2026-01-01T00:00:00.000Z" });
  });

  it("nears the SLA at a share of the way to the due time, or N minutes before it, never outside [open, due]", () => {
    const open = new Date("2026-01-01T00:00:00Z");
    const due = new Date("2026-01-01T10:00:00Z");
    expect(nearSlaAt(open, due, { nearSlaPercent: 80, nearSlaMinutes: null }).toISOString()).toBe("2026-01-01T08:00:00.000Z");
    expect(nearSlaAt(open, due, { nearSlaPercent: 80, nearSlaMinutes: 30 }).toISOString()).toBe("2026-01-01T09:30:00.000Z");
    expect(nearSlaAt(open, due, { nearSlaPercent: 80, nearSlaMinutes: 24 * 60 }).toISOString()).toBe(open.toISOString());
  });
});
