import type { Role } from "@/server/auth/roles";

/** Role choices for forms (the server validates against the same list). */
export const ROLE_OPTIONS = [
  { value: "admin", label: "Admin", hint: "Everything, including users and API keys" },
  { value: "operator", label: "Operator", hint: "Design, publish and run processes" },
  { value: "reviewer", label: "Reviewer", hint: "Work the inbox and read runs" },
] as const satisfies ReadonlyArray<{ value: Role; label: string; hint: string }>;

export function isRole(value: string): value is Role {
  return ROLE_OPTIONS.some((o) => o.value === value);
}
