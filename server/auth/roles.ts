import { z } from "zod";

/**
 * Roles, least to most privileged in practice:
 * - reviewer: works the escalation inbox, reads runs.
 * - operator: designs, publishes and runs processes.
 * - admin: everything, plus users and API keys.
 * Client-safe (no server imports) so forms and the REST layer share the same list.
 */
export const ROLES = ["admin", "operator", "reviewer"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Stored roles are plain strings; anything unrecognised gets the least privilege. */
export function parseRole(value: unknown): Role {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : "reviewer";
}

export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}

/** Roles that may start runs (API, UI, rerun) and therefore may see a process's webhook path. */
export const START_RUN_ROLES: readonly Role[] = ["admin", "operator"];
