import { z } from "zod";
import { Duration } from "./duration";

export const Role = z.enum(["admin", "operator", "reviewer"]);
export type Role = z.infer<typeof Role>;

/** When a step's result should go to a human before the run continues. */
export const EscalationCondition = z.discriminatedUnion("kind", [
  /** A condition over typed fields, e.g. `output.confidence < 0.7`. */
  z.strictObject({ kind: z.literal("expression"), expr: z.string().min(1) }),
  /** The output still breaks its contract after the repair attempt. */
  z.strictObject({ kind: z.literal("contractFailure") }),
  /** The step failed after its retries (provider error, timeout, tool error). */
  z.strictObject({ kind: z.literal("stepFailed") }),
  /** The step cost more than this many USD. */
  z.strictObject({ kind: z.literal("costAbove"), usd: z.number().positive() }),
]);
export type EscalationCondition = z.infer<typeof EscalationCondition>;

export const Backoff = z.strictObject({
  kind: z.enum(["fixed", "exponential"]),
  initial: Duration,
  max: Duration.optional(),
});
export type Backoff = z.infer<typeof Backoff>;

export const StepPolicy = z.strictObject({
  retries: z.number().int().min(0).max(10).optional(),
  backoff: Backoff.optional(),
  timeout: Duration.optional(),
  /** Hard cap in USD for this step, checked before every model call. */
  budgetUsd: z.number().positive().optional(),
  escalation: z
    .strictObject({
      conditions: z.array(EscalationCondition).min(1),
      role: Role.optional(),
      timeout: Duration.optional(),
    })
    .optional(),
});
export type StepPolicy = z.infer<typeof StepPolicy>;
