import type { NotificationEvent } from "./notifications.schema";

/** What a notification says about its escalation (read when it is first sent). */
export interface EscalationFacts {
  escalationId: string;
  runId: string;
  process: string;
  step: string;
  role: string;
  reason: string;
  status: string;
  dueAt: Date | null;
  createdAt: Date;
}

const HEADLINE: Record<NotificationEvent, string> = {
  "escalation.opened": "Escalation opened",
  "escalation.near_sla": "Escalation nearing its SLA",
  "escalation.breached": "Escalation breached its SLA",
};

/** Slack's mrkdwn treats these three as markup; everything else in a value is shown as typed. */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A Slack-compatible message (`text` for notifications and old clients, `blocks` for the layout)
 * plus a `baton` object with the machine-readable fields; Slack ignores keys it does not know.
 */
export function buildPayload(event: NotificationEvent, facts: EscalationFacts, opts: { deliveryId: string; link: string; at: Date }) {
  const due = facts.dueAt ? facts.dueAt.toISOString() : null;
  const where = `${facts.process} · ${facts.step}`;
  const text = `${HEADLINE[event]}: ${where} needs the ${facts.role} role${due ? `, due ${due}` : ""}. ${opts.link}`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${HEADLINE[event]}*: <${opts.link}|${esc(where)}>\n${esc(clip(facts.reason, 2500))}` } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: esc(`Role: ${facts.role} · Due: ${due ?? "no deadline"} · ${facts.escalationId}`) }],
      },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Baton" }, url: opts.link }] },
    ],
    baton: {
      event,
      deliveryId: opts.deliveryId,
      escalationId: facts.escalationId,
      runId: facts.runId,
      process: facts.process,
      step: facts.step,
      role: facts.role,
      status: facts.status,
      dueAt: due,
      openedAt: facts.createdAt.toISOString(),
      link: opts.link,
      sentAt: opts.at.toISOString(),
    },
  };
}

/** When an escalation "nears its SLA" for a webhook: N minutes before due, or a share of the way there. */
export function nearSlaAt(createdAt: Date, dueAt: Date, opts: { nearSlaPercent: number; nearSlaMinutes: number | null }): Date {
  const open = createdAt.getTime();
  const due = dueAt.getTime();
  const at = opts.nearSlaMinutes !== null ? due - opts.nearSlaMinutes * 60_000 : open + ((due - open) * opts.nearSlaPercent) / 100;
  return new Date(Math.min(due, Math.max(open, Math.round(at))));
}
