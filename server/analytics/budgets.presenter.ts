import { z } from "zod";
import { Prisma } from "@/server/db/generated/sqlite/index.js";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { dailyBudgetOf, utcMidnight } from "@/server/runs/daily-budget";
import { num, rows } from "./sql";

/**
 * Budgets in view: the daily, run and step budgets of the process's latest published version (what new
 * runs are held to) next to today's spend (UTC day so far, production runs only): how much, the
 * costliest run and step execution, and how many reached their cap. Aggregated in SQL over the runs
 * created today (index on process, created_at) and their step records.
 */
/** Only the budget fields of a stored graph (a version's graph was valid when published; this reads it leniently). */
const budgetsOfGraph = z.object({
  settings: z.object({ budget: z.object({ perRunUsd: z.number(), onBreach: z.string() }).optional() }).optional(),
  nodes: z.array(z.object({ id: z.string(), name: z.string(), policy: z.object({ budgetUsd: z.number().optional() }).optional() })),
});

export const budgetsInput = z.object({ slug: z.string().min(1).describe("Process slug") });

export const processBudgets = z.object({
  version: z.number().int().nullable().describe("The published version whose budgets are shown (the latest)"),
  daily: z.object({ capUsd: z.number() }).nullable().describe("Daily budget (USD per UTC day, production runs; refused at start once reached); null when none"),
  run: z.object({ perRunUsd: z.number(), onBreach: z.string() }).nullable().describe("Run budget; null when the process has none"),
  steps: z.array(z.object({ nodeId: z.string(), name: z.string(), capUsd: z.number(), executions: z.number().int(), maxExecutionUsd: z.number().nullable(), atCap: z.number().int() })),
  today: z.object({
    from: z.date().describe("00:00 UTC today"),
    to: z.date(),
    runs: z.number().int(),
    spendUsd: z.number(),
    maxRunUsd: z.number().nullable(),
    runsAtCap: z.number().int().describe("Runs whose cost reached the run budget"),
  }),
});
export type ProcessBudgets = z.infer<typeof processBudgets>;

export async function getProcessBudgets(db: Db, input: z.input<typeof budgetsInput>, now = new Date()): Promise<ProcessBudgets> {
  const process = await db.process.findFirst({ where: { OR: [{ slug: input.slug }, { publicId: input.slug }] }, select: { id: true, slug: true } });
  if (!process) throw new AppError("NOT_FOUND", `No process "${input.slug}".`, { slug: input.slug });
  const latest = await db.processVersion.findFirst({ where: { processId: process.id, kind: "published" }, orderBy: { version: "desc" }, select: { version: true, graph: true } });
  const parsed = latest ? budgetsOfGraph.safeParse(latest.graph) : null;
  const graph = parsed?.success ? parsed.data : null;
  const budget = graph?.settings?.budget;
  const caps = (graph?.nodes ?? []).flatMap((n) => (n.policy?.budgetUsd ? [{ nodeId: n.id, name: n.name, capUsd: n.policy.budgetUsd }] : []));

  const from = utcMidnight(now);
  const today = Prisma.sql`r.kind = 'run' AND r.process_id = ${process.id} AND r.created_at >= ${from} AND r.created_at < ${now}`;
  const runCap = budget?.perRunUsd ?? null;
  const dailyCap = latest ? dailyBudgetOf(latest.graph) : null;
  const [[totals], perStep] = await Promise.all([
    rows(db, Prisma.sql`SELECT COUNT(*) AS runs, CAST(SUM(r.cost_usd) AS DOUBLE PRECISION) AS spend, CAST(MAX(r.cost_usd) AS DOUBLE PRECISION) AS max_run,
        SUM(CASE WHEN ${runCap === null ? Prisma.sql`1 = 0` : Prisma.sql`r.cost_usd >= CAST(${runCap} AS DOUBLE PRECISION)`} THEN 1 ELSE 0 END) AS at_cap
      FROM run r WHERE ${today}`),
    caps.length
      ? rows(db, Prisma.sql`SELECT node_id, COUNT(*) AS executions, CAST(MAX(cost) AS DOUBLE PRECISION) AS max_cost,
            SUM(CASE WHEN cost >= CASE node_id ${Prisma.join(caps.map((c) => Prisma.sql`WHEN ${c.nodeId} THEN CAST(${c.capUsd} AS DOUBLE PRECISION)`), " ")} END THEN 1 ELSE 0 END) AS at_cap
          FROM (SELECT s.node_id AS node_id, SUM(s.cost_usd) AS cost FROM step_record s JOIN run r ON r.id = s.run_id
                WHERE ${today} AND s.node_id IN (${Prisma.join(caps.map((c) => c.nodeId))}) GROUP BY s.node_id, s.run_id, s.step_id) x
          GROUP BY node_id`)
      : Promise.resolve([]),
  ]);
  const byNode = new Map(perStep.map((r) => [String(r.node_id), r]));
  const t = totals ?? {};
  return {
    version: latest?.version ?? null,
    daily: dailyCap === null ? null : { capUsd: dailyCap },
    run: budget ? { perRunUsd: budget.perRunUsd, onBreach: budget.onBreach } : null,
    steps: caps.map((c) => {
      const r = byNode.get(c.nodeId);
      return { ...c, executions: num(r?.executions), maxExecutionUsd: r ? num(r.max_cost) : null, atCap: num(r?.at_cap) };
    }),
    today: { from, to: now, runs: num(t.runs), spendUsd: num(t.spend), maxRunUsd: num(t.runs) > 0 ? num(t.max_run) : null, runsAtCap: num(t.at_cap) },
  };
}
