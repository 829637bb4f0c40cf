import { z } from "zod";

export const Tier = z.enum(["light", "mid", "strong"]);
export type Tier = z.infer<typeof Tier>;

/** `provider/model`, e.g. `openai/gpt-4.1-mini` or `anthropic/claude-sonnet-4-5`. */
export const ModelName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*\/\S+$/, { message: 'Name a model as "provider/model", e.g. "openai/gpt-4.1-mini"' });

/** A step asks for a tier (resolved from settings at compile time) or pins a named model. */
export const ModelChoice = z.union([
  z.strictObject({ tier: Tier }),
  z.strictObject({ model: ModelName }),
]);
export type ModelChoice = z.infer<typeof ModelChoice>;

export function describeModelChoice(choice: ModelChoice): string {
  return "tier" in choice ? `tier "${choice.tier}"` : `model "${choice.model}"`;
}
