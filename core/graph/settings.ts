import { z } from "zod";
import { Duration } from "./duration";
import { Tier } from "./model-choice";

export const BudgetAction = z.enum(["escalate", "fallback", "branch", "fail"]);
export type BudgetAction = z.infer<typeof BudgetAction>;

export const CancelOn = z.strictObject({
  event: z.string().min(1),
  /** CEL over `event` (the trigger) and `async` (the cancelling event). */
  if: z.string().optional(),
  match: z.string().optional(),
  timeout: Duration.optional(),
});
export type CancelOn = z.infer<typeof CancelOn>;

export const ProcessSettings = z.strictObject({
  budget: z
    .strictObject({
      perRunUsd: z.number().positive(),
      onBreach: BudgetAction,
      /** Tier used when `onBreach` is `fallback`; defaults to `light`. */
      fallbackTier: Tier.optional(),
    })
    .optional(),
  /**
   * Daily budget: USD per UTC day over the process's production runs (not test or dataset runs).
   * Checked when a run starts: once the runs created today have spent this much, new starts are
   * refused until 00:00 UTC; runs already in flight finish.
   */
  dailyBudgetUsd: z.number().positive().optional(),
  concurrency: z
    .strictObject({ limit: z.number().int().positive(), key: z.string().optional() })
    .optional(),
  /** Function-level retries for unexpected failures (Inngest `retries`, 0–20). */
  retries: z.number().int().min(0).max(20).optional(),
  timeouts: z
    .strictObject({ start: Duration.optional(), finish: Duration.optional(), human: Duration.optional() })
    .optional(),
  /** CEL expression over the trigger event, e.g. `event.data.idempotencyKey`. */
  idempotencyKey: z.string().min(1).optional(),
  cancelOn: z.array(CancelOn).optional(),
});
export type ProcessSettings = z.infer<typeof ProcessSettings>;
