import { z } from "zod";
import { HttpUrl, SecretTargetInput } from "@/core";

/**
 * Client-safe schemas for runtime settings: model tiers, providers (keys write-only), the price
 * table and stored secrets (names only on the way out). Forms, tRPC and REST share them.
 */
const ModelRef = z.string().regex(/^[a-z0-9][a-z0-9_-]*\/\S+$/, { message: 'Name a model as "provider/model", e.g. "sim/light-1"' });

export const tierSettings = z.strictObject({
  light: ModelRef.optional(),
  mid: ModelRef.optional(),
  strong: ModelRef.optional(),
});
export type TierSettings = z.infer<typeof tierSettings>;

export const providerKind = z.enum(["openai", "anthropic", "openai-compatible", "simulator"]);

export const providerInput = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'Lowercase letters, digits, "-" or "_", e.g. "openai"' }),
  kind: providerKind,
  name: z.string().min(1).max(100),
  baseUrl: HttpUrl.optional(),
  /** Write-only: stored encrypted, never returned. Omit to keep the stored key. */
  apiKey: z.string().min(1).optional(),
});
export type ProviderInput = z.infer<typeof providerInput>;

export const providerSummary = z.object({
  id: z.string(),
  kind: providerKind,
  name: z.string(),
  baseUrl: z.string().nullable(),
  hasApiKey: z.boolean(),
});
export type ProviderSummary = z.infer<typeof providerSummary>;

export const priceRowInput = z.strictObject({
  model: ModelRef,
  inputPerM: z.number().nonnegative(),
  cachedInputPerM: z.number().nonnegative(),
  outputPerM: z.number().nonnegative(),
});
export const priceRowOutput = priceRowInput.extend({
  source: z.string().describe('"seed" (the shipped list price) or "user" (edited)'),
  asOf: z.string().nullable().describe("YYYY-MM-DD: when a seed price was checked against the vendor's published price, or when a user edited it"),
  sourceUrl: z.string().nullable().describe("The vendor's pricing page a seed price was read from"),
});
export type PriceRowOutput = z.infer<typeof priceRowOutput>;

export const secretInput = z.strictObject({
  name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: "Secret names are UPPER_SNAKE_CASE, e.g. HELPDESK_TOKEN" }),
  value: z.string().min(1),
  /**
   * Hosts or http(s) URL prefixes the value may be sent to; a tool step sending it anywhere else is
   * refused at publish and at call time. Required: a secret that can go anywhere can be read by
   * anyone who can edit a graph.
   */
  allowedUrls: z
    .array(SecretTargetInput)
    .min(1, { message: "Name at least one host or URL prefix this secret may be sent to, e.g. api.example.com" })
    .max(20),
});
export const secretSummary = z.object({
  name: z.string(),
  allowedUrls: z.array(z.string()).describe("Hosts / URL prefixes the value may be sent to"),
  updatedAt: z.date(),
});
