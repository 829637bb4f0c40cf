import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import type { AnalyticsOverview, OverviewQuery } from "./analytics.schema";
import { rows, dialectOf, msBetween, num, numOrNull, percentileQuery, ratio, resolveWindow } from "./sql";

/** Headline figures of every process for the /analytics list: grouped in SQL, one row per process. */
export async function getAnalyticsOverview(db: Db, params: OverviewQuery, now?: Date): Promise<AnalyticsOverview> {
  const d = dialectOf(db);
  const { from, to } = resolveWindow(params, now);
  const inRange = Prisma.sql`r.kind = 'run' AND r.created_at >= ${from} AND r.created_at < ${to}`;
  const [processes, totals, durations] = await Promise.all([
    db.process.findMany({
      where: { archivedAt: null },
      orderBy: { name: "asc" },
      select: { id: true, slug: true, name: true, versions: { where: { kind: "published" }, orderBy: { version: "desc" }, take: 1, select: { version: true } } },
    }),
    rows(db, Prisma.sql`
      SELECT r.process_id AS process_id, COUNT(*) AS runs,
        SUM(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END) AS completed,
        SUM(CASE WHEN r.status IN ('completed', 'failed', 'cancelled') THEN 1 ELSE 0 END) AS ended,
        CAST(SUM(r.cost_usd) AS DOUBLE PRECISION) AS cost
      FROM run r WHERE ${inRange} GROUP BY r.process_id`),
    rows(db, 
      percentileQuery(d, Prisma.sql`SELECT r.process_id AS g, ${msBetween(d, "r.ended_at", "COALESCE(r.started_at, r.created_at)")} AS v FROM run r WHERE ${inRange} AND r.ended_at IS NOT NULL`),
    ),
  ]);
  const byProcess = new Map(totals.map((t) => [String(t.process_id), t]));
  const p95 = new Map(durations.map((t) => [String(t.g), numOrNull(t.p95)]));
  return {
    from,
    to,
    processes: processes.map((p) => {
      const t = byProcess.get(p.id) ?? {};
      const runs = num(t.runs);
      return {
        slug: p.slug,
        name: p.name,
        latestVersion: p.versions[0]?.version ?? null,
        runs,
        successRate: ratio(num(t.completed), num(t.ended)),
        costUsd: num(t.cost),
        costPerRunUsd: ratio(num(t.cost), runs),
        p95DurationMs: p95.get(p.id) ?? null,
      };
    }),
  };
}
