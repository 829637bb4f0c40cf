import { z } from "zod";
import { roleSchema } from "../auth/roles";

/** Client-safe input/output schemas for API keys (forms, tRPC, REST). */
export const apiKeyCreateInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(80, "Keep the name under 80 characters"),
  role: roleSchema,
});
export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateInput>;

export const apiKeyIdInput = z.object({ id: z.string().min(1) });

export const apiKeySummary = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema,
  source: z.enum(["user", "bootstrap"]),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdByEmail: z.string().nullable(),
});
export type ApiKeySummary = z.infer<typeof apiKeySummary>;

export const apiKeyCreated = apiKeySummary.extend({
  /** The plaintext key. Returned once, never stored. */
  key: z.string(),
});
export type ApiKeyCreated = z.infer<typeof apiKeyCreated>;
