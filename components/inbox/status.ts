import type { EscalationView } from "@/server/escalations/escalations.schema";

export type EscalationStatus = EscalationView["status"];

/** Mirrors the server's escalationStatus enum (the server validates; this drives the filter UI). */
export const ESCALATION_STATUSES = ["open", "resolved", "timed_out", "cancelled"] as const satisfies readonly EscalationStatus[];

/** Same ranks as the server's check (server/escalations): reviewer < operator < admin. */
const RANK: Record<string, number> = { reviewer: 0, operator: 1, admin: 2 };
export function roleSuffices(actor: string, required: string): boolean {
  return (RANK[actor] ?? -1) >= (RANK[required] ?? RANK.admin!);
}
