import type { DbTx } from "@/server/outbox/outbox";
import { nearSlaAt } from "./payload";
import type { NotificationEvent } from "./notifications.schema";

/**
 * Called inside the transaction that opens or times out an escalation, so the notification and the
 * event commit together (a crash cannot keep one without the other). Opening also writes each
 * webhook's near-SLA notice, due at its threshold: the delivery table is the durable timer, and the
 * dispatcher skips the notice if the escalation is no longer open by then. One row per webhook,
 * escalation and event (unique), so a replayed step never notifies twice.
 * Escalations of test runs (the designer's) and dataset runs (the calculator's) notify nobody: the operator who
 * started them is watching, and a dataset of a hundred inputs must not page the reviewers a hundred times.
 */
export async function enqueueEscalationNotifications(
  tx: DbTx,
  params: {
    escalationDbId: string;
    event: "opened" | "breached";
    role: string;
    processSlug: string;
    /** The run's kind: only `run` (production) notifies. */
    runKind: string;
    createdAt: Date;
    dueAt: Date | null;
    now: Date;
  },
): Promise<number> {
  if (params.runKind !== "run") return 0;
  const hooks = await tx.notificationWebhook.findMany({
    where: { enabled: true, OR: [{ scope: "role", target: params.role }, { scope: "process", target: params.processSlug }] },
    select: { id: true, events: true, nearSlaPercent: true, nearSlaMinutes: true },
  });
  if (hooks.length === 0) return 0;
  const wanted: Array<{ webhookId: string; event: NotificationEvent; nextAttemptAt: Date }> = [];
  for (const hook of hooks) {
    const events = parseEvents(hook.events);
    if (params.event === "opened") {
      if (events.includes("escalation.opened")) wanted.push({ webhookId: hook.id, event: "escalation.opened", nextAttemptAt: params.now });
      if (events.includes("escalation.near_sla") && params.dueAt) {
        wanted.push({ webhookId: hook.id, event: "escalation.near_sla", nextAttemptAt: nearSlaAt(params.createdAt, params.dueAt, hook) });
      }
    } else if (events.includes("escalation.breached")) {
      wanted.push({ webhookId: hook.id, event: "escalation.breached", nextAttemptAt: params.now });
    }
  }
  const existing = await tx.notificationDelivery.findMany({ where: { escalationId: params.escalationDbId, event: { in: wanted.map((w) => w.event) } }, select: { webhookId: true, event: true } });
  const have = new Set(existing.map((e) => `${e.webhookId}|${e.event}`));
  let n = 0;
  for (const w of wanted) {
    if (have.has(`${w.webhookId}|${w.event}`)) continue;
    await tx.notificationDelivery.create({ data: { ...w, escalationId: params.escalationDbId } });
    n++;
  }
  return n;
}

export function parseEvents(stored: string): NotificationEvent[] {
  try {
    const v = JSON.parse(stored) as unknown;
    return Array.isArray(v) ? (v.filter((e) => typeof e === "string") as NotificationEvent[]) : [];
  } catch {
    return [];
  }
}

/** The host's dispatcher, found through globalThis (the host and the Next.js bundle load modules separately). */
const g = globalThis as unknown as { __batonNotifier?: { kick(): void } };
export function registerNotifier(d: { kick(): void } | undefined): void {
  g.__batonNotifier = d;
}
/** After a commit that wrote deliveries: send them now rather than at the next poll. */
export function kickNotifier(): void {
  g.__batonNotifier?.kick();
}
