import { z } from "zod";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";

/**
 * The daily budget (`settings.dailyBudgetUsd`): USD per UTC day over a process's production runs
 * (kind `run`; test and dataset runs never count). Checked when a run is requested: once the runs
 * created since 00:00 UTC have cost the cap, the start is refused with 429 RATE_LIMITED (details
 * say why and when it resets). Runs already in flight are not stopped; they finish, so the day can
 * end somewhat over the cap (by what those runs spend after it is reached). Two starts racing at
 * the cap may both pass the check; it bounds new work, it is not a ledger.
 */
const dailyBudgetOfGraph = z.object({ settings: z.object({ dailyBudgetUsd: z.number().positive().optional() }).optional() });

/** The cap of a stored graph (read leniently: a published version was valid when published), or null. */
export function dailyBudgetOf(graph: unknown): number | null {
  const parsed = dailyBudgetOfGraph.safeParse(graph);
  return (parsed.success && parsed.data.settings?.dailyBudgetUsd) || null;
}

export function utcMidnight(now: Date): Date {
  return new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
}

/** What the process's production runs created since 00:00 UTC have cost so far. */
export async function spentToday(db: Db, processId: string, now = new Date()): Promise<number> {
  const agg = await db.run.aggregate({ where: { processId, kind: "run", createdAt: { gte: utcMidnight(now) } }, _sum: { costUsd: true } });
  return agg._sum.costUsd ?? 0;
}

/** Refuses a new production run of a process whose daily budget is spent. */
export async function assertDailyBudget(db: Db, process: { id: string; slug: string }, graph: unknown, now: Date = new Date()): Promise<void> {
  const cap = dailyBudgetOf(graph);
  if (cap === null) return;
  const spent = await spentToday(db, process.id, now);
  if (spent < cap) return;
  const resetsAt = new Date(utcMidnight(now).getTime() + 86_400_000);
  throw new AppError(
    "RATE_LIMITED",
    `"${process.slug}" has reached its daily budget: its runs today cost $${round(spent)} of $${cap} (since 00:00 UTC). New runs start again at ${resetsAt.toISOString()}, or raise the daily budget in the process settings and publish. Runs already started go on.`,
    { reason: "daily-budget-reached", dailyBudgetUsd: cap, spentTodayUsd: spent, resetsAt: resetsAt.toISOString() },
  );
}

const round = (usd: number) => Math.round(usd * 10_000) / 10_000;
