import type { Db } from "@/server/db/client";
import { createSecretBox } from "@/server/crypto/secret-box";
import { buildPayload } from "./payload";
import { signPayload, SIGNATURE_HEADER } from "./signature";
import { secretContext } from "./webhooks.service";
import type { NotificationEvent } from "./notifications.schema";

export interface NotifierOptions {
  /** Opens the sealed signing secrets. */
  masterKey?: string;
  /** The app's public URL, for links into the inbox. */
  baseUrl: string;
  log?: (msg: string) => void;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is marked failed (visible in Settings). */
  maxAttempts?: number;
  timeoutMs?: number;
  /** How often to look for due rows (near-SLA notices come due with no event to announce them). */
  pollMs?: number;
  /** While one instance sends a row, others leave it alone for this long. */
  leaseMs?: number;
  fetch?: typeof fetch;
}

/**
 * Sends notification deliveries: everything pending and due, at start-up and then on every kick
 * (a commit that wrote deliveries), on a retry timer and on a poll (near-SLA notices fall due
 * without any event). At least once: a receiver may see a delivery twice after a crash mid-send, so
 * every request carries its delivery id (X-Baton-Delivery) for de-duplication. Secrets are opened
 * per send and never logged; log lines name the webhook and the URL's host only.
 */
export class NotificationDispatcher {
  private readonly o: Required<Omit<NotifierOptions, "masterKey" | "log">> & Pick<NotifierOptions, "masterKey" | "log">;
  private poller: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Db,
    opts: NotifierOptions,
  ) {
    this.o = { baseDelayMs: 5_000, maxDelayMs: 10 * 60_000, maxAttempts: 8, timeoutMs: 10_000, pollMs: 15_000, leaseMs: 60_000, fetch: globalThis.fetch, ...opts };
  }

  async start(): Promise<void> {
    this.poller ??= setInterval(() => this.kick(), this.o.pollMs);
    this.poller.unref();
    await this.drain();
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.timer) clearTimeout(this.timer);
    this.poller = this.timer = undefined;
  }

  kick(): void {
    if (this.draining) this.again = true;
    else void this.drain();
  }

  /** Sends every due pending delivery; resolves when done. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          const seen = new Set<string>();
          for (;;) {
            const rows = await this.db.notificationDelivery.findMany({
              where: { status: "pending", nextAttemptAt: { lte: new Date() }, id: { notIn: [...seen] } },
              orderBy: { nextAttemptAt: "asc" },
              take: 20,
            });
            if (rows.length === 0) break;
            for (const row of rows) {
              seen.add(row.id);
              await this.attempt(row);
            }
          }
        } while (this.again);
        await this.armForNext();
      } catch (e) {
        this.o.log?.(`notifications: drain failed, will retry: ${e instanceof Error ? e.message : String(e)}`);
        this.arm(this.o.baseDelayMs);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private async attempt(row: { id: string; webhookId: string; escalationId: string; event: string; attempts: number; nextAttemptAt: Date; body: string | null }) {
    const now = new Date();
    // Lease: another instance draining the same table now skips this row.
    const leased = await this.db.notificationDelivery.updateMany({
      where: { id: row.id, status: "pending", nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + this.o.leaseMs) },
    });
    if (leased.count === 0) return;
    const hook = await this.db.notificationWebhook.findUnique({ where: { id: row.webhookId } });
    const esc = await this.db.escalation.findUnique({
      where: { id: row.escalationId },
      include: { run: { select: { publicId: true, process: { select: { slug: true } } } } },
    });
    if (!hook || !esc) return;
    const event = row.event as NotificationEvent;
    if (!hook.enabled) return this.finish(row.id, { status: "skipped", lastError: "The webhook is disabled." });
    if (event === "escalation.near_sla" && esc.status !== "open") return this.finish(row.id, { status: "skipped", lastError: `Not sent: the escalation was ${esc.status.replace("_", " ")} before its SLA neared.` });

    const body =
      row.body ??
      JSON.stringify(
        buildPayload(
          event,
          { escalationId: esc.publicId, runId: esc.run.publicId, process: esc.run.process.slug, step: esc.nodeId, role: esc.role, reason: esc.reason, status: esc.status, dueAt: esc.dueAt, createdAt: esc.createdAt },
          { deliveryId: row.id, link: `${this.o.baseUrl.replace(/\/$/, "")}/inbox/${esc.publicId}`, at: now },
        ),
      );
    const attempts = row.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      if (!this.o.masterKey) throw new Error("The instance has no master key to open the webhook's secret.");
      const secret = createSecretBox(this.o.masterKey).open(hook.secretEncrypted, secretContext(hook.publicId));
      const res = await this.o.fetch(hook.url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(this.o.timeoutMs),
        headers: {
          "content-type": "application/json",
          "user-agent": "Baton-Webhooks/1",
          "x-baton-event": event,
          "x-baton-delivery": row.id,
          [SIGNATURE_HEADER]: signPayload(secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (res.status < 200 || res.status >= 300) error = `The receiver answered HTTP ${res.status}.`;
    } catch (e) {
      error = e instanceof Error ? (e.name === "TimeoutError" ? `No answer within ${this.o.timeoutMs} ms.` : e.message) : String(e);
    }
    if (error === null) return this.finish(row.id, { status: "delivered", attempts, body, lastStatus: status, lastError: null, deliveredAt: new Date() });
    const host = safeHost(hook.url);
    if (attempts >= this.o.maxAttempts) {
      this.o.log?.(`notifications: gave up on ${event} to webhook "${hook.name}" (${host}) after ${attempts} attempts: ${error}`);
      return this.finish(row.id, { status: "failed", attempts, body, lastStatus: status, lastError: error.slice(0, 500) });
    }
    const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempts - 1));
    if (attempts === 1) this.o.log?.(`notifications: ${event} to webhook "${hook.name}" (${host}) failed, retrying with backoff: ${error}`);
    await this.finish(row.id, { attempts, body, lastStatus: status, lastError: error.slice(0, 500), nextAttemptAt: new Date(Date.now() + delay) });
    this.arm(delay);
  }

  private async finish(id: string, data: { status?: string; attempts?: number; body?: string; lastStatus?: number | null; lastError?: string | null; deliveredAt?: Date; nextAttemptAt?: Date }) {
    await this.db.notificationDelivery.update({ where: { id }, data });
  }

  private async armForNext(): Promise<void> {
    const next = await this.db.notificationDelivery.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    if (next) this.arm(Math.max(0, next.nextAttemptAt.getTime() - Date.now()));
  }

  /** A timer only for what falls due before the next poll (timers cap at 24.8 days anyway). */
  private arm(ms: number): void {
    if (ms > this.o.pollMs) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, ms);
    this.timer.unref();
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
}
