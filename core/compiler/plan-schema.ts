import { z } from "zod";
import { DataSchema } from "../contracts/data-schema";
import { Duration } from "../graph/duration";
import { BranchWhen, EdgeKind } from "../graph/edges";
import { Node } from "../graph/nodes";
import { BudgetAction, CancelOn } from "../graph/settings";

export const PLAN_FORMAT = 1;

export const PlanEdge = z.strictObject({
  id: z.string(),
  target: z.string(),
  kind: EdgeKind,
  handle: z.string().optional(),
  when: BranchWhen.optional(),
});
export type PlanEdge = z.infer<typeof PlanEdge>;

export const PlanStep = z.strictObject({
  /** The node id; also the base of every step id the interpreter derives. */
  id: z.string(),
  /** The node as drawn, minus canvas-only fields (position). */
  node: Node,
  /** Outgoing edges, sorted by id (the order routers try branches in). */
  next: z.array(PlanEdge),
  /** LLM steps: the resolved model chain, primary first then fallbacks (deduplicated). */
  models: z.array(z.string()).optional(),
  /** Parallel steps: the join that closes the block. */
  join: z.string().optional(),
  /** Human steps: the SLA, from the node or the process default. */
  timeout: Duration.optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

/** Options for Inngest's `createFunction`, derived from the process settings. */
export const FunctionConfig = z.strictObject({
  id: z.string(),
  name: z.string(),
  triggers: z.array(z.strictObject({ event: z.string(), if: z.string().optional() })),
  retries: z.number().int().min(0).max(20),
  concurrency: z.strictObject({ limit: z.number().int().positive(), key: z.string().optional() }).optional(),
  timeouts: z.strictObject({ start: Duration.optional(), finish: Duration.optional() }).optional(),
  cancelOn: z.array(CancelOn),
  idempotency: z.string().optional(),
});
export type FunctionConfig = z.infer<typeof FunctionConfig>;

export const ExecutionPlan = z.strictObject({
  format: z.literal(PLAN_FORMAT),
  process: z.strictObject({ slug: z.string(), name: z.string(), version: z.number().int().positive().optional() }),
  entry: z.string(),
  inputSchema: DataSchema,
  /** Reachable steps in canonical order: topological, ties broken by id. */
  steps: z.array(PlanStep),
  budget: z
    .strictObject({ perRunUsd: z.number().positive(), onBreach: BudgetAction, fallbackModel: z.string().optional() })
    .optional(),
  /** Escalations raised by step policies wait this long before failing the step. */
  escalationTimeout: Duration,
  functionConfig: FunctionConfig,
});
export type ExecutionPlan = z.infer<typeof ExecutionPlan>;
