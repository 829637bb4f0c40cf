/** Wire-level constants and shapes of the inngest v4 serve protocol (see shared/docs/inngest-protocol.md). */
import { z } from "zod";

/** sha1("complete"): the id the SDK uses for function-level RunComplete / StepError / StepFailed ops. */
export const RUN_COMPLETE_ID = "0737c22d3bfae812339732d14d8c7dbd6dc4e09c";

export const Opcode = {
  StepRun: "StepRun",
  Step: "Step",
  StepError: "StepError",
  StepFailed: "StepFailed",
  StepPlanned: "StepPlanned",
  Sleep: "Sleep",
  WaitForEvent: "WaitForEvent",
  InvokeFunction: "InvokeFunction",
  RunComplete: "RunComplete",
  DiscoveryRequest: "DiscoveryRequest",
  Gateway: "Gateway",
  AIGateway: "AIGateway",
  WaitForSignal: "WaitForSignal",
  DeferAdd: "DeferAdd",
  DeferAbort: "DeferAbort",
  SyncRunComplete: "SyncRunComplete",
} as const;

/** Ops that ride along others and never count as "parallel" work. */
export const LAZY_OPS = new Set<string>([Opcode.DeferAdd, Opcode.DeferAbort]);

export interface Op {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown> & {
    timeout?: string;
    if?: string;
    event?: string;
    function_id?: string;
    payload?: { data?: Record<string, unknown>; v?: string; user?: unknown; meta?: unknown };
    parallelMode?: string;
    duration?: string;
  };
  data?: unknown;
  error?: unknown;
}

export const opSchema = z.looseObject({
  id: z.string().min(1),
  op: z.string().min(1),
  name: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).optional().nullable(),
});

export const eventInputSchema = z.looseObject({
  name: z.string().min(1),
  data: z.record(z.string(), z.unknown()).optional().nullable(),
  id: z.string().optional().nullable(),
  ts: z.number().optional().nullable(),
  user: z.unknown().optional(),
  v: z.string().optional().nullable(),
  meta: z.unknown().optional(),
});

export const functionConfigSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  triggers: z
    .array(z.looseObject({ event: z.string().optional(), expression: z.string().optional(), cron: z.string().optional() }))
    .optional(),
  steps: z.record(
    z.string(),
    z.looseObject({
      runtime: z.looseObject({ url: z.string() }).optional(),
      retries: z.looseObject({ attempts: z.number().int().min(0).optional() }).optional(),
    }),
  ),
});

export const registerBodySchema = z.looseObject({
  url: z.string().min(1),
  appName: z.string().min(1),
  functions: z.array(functionConfigSchema),
});

export const inBandSyncResponseSchema = z.looseObject({
  app_id: z.string().min(1),
  url: z.string().optional(),
  functions: z.array(functionConfigSchema),
});

export const checkpointBodySchema = z.looseObject({
  run_id: z.string().optional(),
  fn_id: z.string().optional(),
  qi_id: z.string().optional(),
  steps: z.array(z.looseObject({ id: z.string(), op: z.string() })),
});
