import type { Db, Prisma } from "@/server/db/client";
import type { EventSender, OutgoingEvent } from "@/server/runtime/events";

/**
 * The transactional outbox. A state change that must reach the engine (a run requested, a decision
 * made, a run cancelled) writes its event here in the SAME database transaction, so the change and
 * the intent to announce it commit or vanish together. A dispatcher then sends each row with its
 * deterministic event id until the engine acknowledges it; the engine (and Inngest Cloud) drop a
 * repeated id, so "at least once" here is "exactly once" for the run.
 */
export type DbTx = Prisma.TransactionClient;
export type OutboxEventInput = OutgoingEvent & { id: string };

/**
 * How long the request that wrote a row has to deliver it itself before background drains may
 * take it over (they would only duplicate a send the engine drops anyway, but needlessly).
 */
export const DIRECT_DELIVERY_GRACE_MS = 5_000;

/** Inside the caller's transaction. Returns the row id for `deliverNow`. */
export async function enqueueEvent(tx: DbTx, event: OutboxEventInput, now = new Date()): Promise<string> {
  const row = await tx.outboxEvent.create({
    data: {
      eventId: event.id,
      name: event.name,
      data: JSON.parse(JSON.stringify(event.data)) as object,
      nextAttemptAt: new Date(now.getTime() + DIRECT_DELIVERY_GRACE_MS),
    },
    select: { id: true },
  });
  return row.id;
}

export interface OutboxOptions {
  log?: (msg: string) => void;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often to look for rows no kick announced (written by another instance, or left by a crash). */
  pollMs?: number;
  batch?: number;
}

type Row = { id: string; eventId: string; name: string; data: unknown; attempts: number };

/**
 * Delivers outbox rows. `deliverNow(ids)` is what a request calls right after its commit (so an
 * event reaches the engine as fast as a direct send did); `start()` drains everything undelivered
 * at start-up and then retries failures with backoff and polls for strays.
 */
export class OutboxDispatcher {
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Db,
    /** Also what host-side services send with (their after-commit deliveries go through this dispatcher anyway). */
    readonly sender: EventSender,
    private readonly opts: OutboxOptions = {},
  ) {
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 15_000;
    this.batch = opts.batch ?? 50;
  }

  /** Start-up: deliver everything a previous process left undelivered, then keep retrying. */
  async start(): Promise<void> {
    this.poller ??= setInterval(() => this.kick(), this.pollMs);
    this.poller.unref();
    // Delivered rows are only an audit trail; a week is plenty (the engine's own id memory is 24 h).
    await this.db.outboxEvent.deleteMany({ where: { deliveredAt: { lt: new Date(Date.now() - 7 * 86_400_000) } } }).catch(() => {});
    await this.drain({ all: true });
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.timer) clearTimeout(this.timer);
    this.poller = this.timer = undefined;
  }

  /** Deliver these rows now (right after their commit). Never throws: a failure is retried later. */
  async deliverNow(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.db.outboxEvent.findMany({ where: { id: { in: ids }, deliveredAt: null } });
    for (const row of rows) await this.deliver(row);
  }

  /** Schedules a drain of the due rows (coalesced). */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    void this.drain({ all: false });
  }

  /** Drains the due rows (all undelivered ones with `all`); resolves when done. */
  drain(opts: { all: boolean }): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        let all = opts.all;
        do {
          this.again = false;
          const seen = new Set<string>();
          for (;;) {
            const now = new Date();
            const rows = await this.db.outboxEvent.findMany({
              where: { deliveredAt: null, ...(all ? {} : { nextAttemptAt: { lte: now } }), id: { notIn: [...seen] } },
              orderBy: { createdAt: "asc" },
              take: this.batch,
            });
            if (rows.length === 0) break;
            for (const row of rows) {
              seen.add(row.id);
              await this.deliver(row);
            }
          }
          all = false;
        } while (this.again);
        await this.scheduleRetry();
      } catch (e) {
        this.opts.log?.(`outbox: drain failed, will retry: ${e instanceof Error ? e.message : String(e)}`);
        this.arm(this.baseDelayMs);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private async deliver(row: Row): Promise<boolean> {
    try {
      await this.sender.send({ name: row.name, id: row.eventId, data: (row.data ?? {}) as Record<string, unknown> });
    } catch (e) {
      const attempts = row.attempts + 1;
      const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts - 1, 20));
      const message = e instanceof Error ? e.message : String(e);
      await this.db.outboxEvent
        .updateMany({ where: { id: row.id, deliveredAt: null }, data: { attempts, nextAttemptAt: new Date(Date.now() + delay), lastError: message.slice(0, 1000) } })
        .catch(() => {});
      if (attempts === 1 || attempts % 10 === 0) this.opts.log?.(`outbox: ${row.name} ${row.eventId} not delivered (attempt ${attempts}), retrying in ${delay} ms: ${message}`);
      this.arm(delay);
      return false;
    }
    await this.db.outboxEvent.updateMany({ where: { id: row.id }, data: { deliveredAt: new Date(), attempts: row.attempts + 1, lastError: null } });
    return true;
  }

  /** Arms the retry timer for the earliest pending row. */
  private async scheduleRetry(): Promise<void> {
    const next = await this.db.outboxEvent.findFirst({ where: { deliveredAt: null }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    if (next) this.arm(Math.max(0, next.nextAttemptAt.getTime() - Date.now()));
  }

  private arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, ms);
    this.timer.unref();
  }
}

/**
 * One dispatcher per process: the host registers its own at start-up (it drains at start and
 * retries); services find it through globalThis (the host and the Next.js bundle load this module
 * separately). Without a registered one (tests, scripts) each sender gets its own.
 */
const g = globalThis as unknown as { __batonOutbox?: OutboxDispatcher; __batonOutboxBySender?: WeakMap<object, OutboxDispatcher> };

export function registerOutbox(d: OutboxDispatcher | undefined): void {
  g.__batonOutbox = d;
}

export function outboxFor(db: Db, sender: EventSender): OutboxDispatcher {
  if (g.__batonOutbox) return g.__batonOutbox;
  g.__batonOutboxBySender ??= new WeakMap();
  let d = g.__batonOutboxBySender.get(sender);
  if (!d) g.__batonOutboxBySender.set(sender, (d = new OutboxDispatcher(db, sender)));
  return d;
}

/** Right after a commit: deliver its outbox rows now (failures are retried in the background). */
export async function afterCommit(db: Db, sender: EventSender, ids: string[]): Promise<void> {
  const d = outboxFor(db, sender);
  try {
    await d.deliverNow(ids);
  } catch {
    d.kick();
  }
}
