import type { EscalationView } from "@/server/escalations/escalations.schema";

/** Client-safe helpers for working the inbox: deadline state, decision chips, keyboard. */

export type DueState = "overdue" | "due-soon" | "on-time" | "none";

const HOUR = 3_600_000;

/**
 * Overdue once the deadline passed; due soon with under an hour left, or under a quarter of the
 * step's own window (a 10-minute review is "soon" at 2 minutes, not for its whole life).
 */
export function dueState(dueAt: Date | null, createdAt: Date, now: number): DueState {
  if (!dueAt) return "none";
  const left = dueAt.getTime() - now;
  if (left <= 0) return "overdue";
  const window = dueAt.getTime() - createdAt.getTime();
  return left < Math.min(HOUR, window / 4) || (window > 4 * HOUR && left < HOUR) ? "due-soon" : "on-time";
}

/** "in 5 min", "3 h ago": coarse on purpose, the exact time is beside it. */
export function relativeTo(target: Date, now: number): string {
  const diff = target.getTime() - now;
  const abs = Math.abs(diff);
  const text = abs < 60_000 ? "< 1 min" : abs < HOUR ? `${Math.round(abs / 60_000)} min` : abs < 48 * HOUR ? `${Math.round(abs / HOUR)} h` : `${Math.round(abs / (24 * HOUR))} d`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

type Decision = EscalationView["allowedDecisions"][number];

/** One chip per decision: its label (or id), with its kind only when that adds something. */
export function decisionChip(d: Decision): string {
  const name = d.label ?? d.id;
  return name.toLowerCase() === d.type.toLowerCase() ? name : `${name} (${d.type})`;
}

/** The keyboard key for a decision kind in the detail view (first decision of that kind). */
export const DECISION_KEYS: Record<string, string> = { a: "approve", r: "reject", e: "edit" };

/** Keys typed into a field belong to the field, not to the shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== "function") return false;
  return el.isContentEditable || el.closest("input, textarea, select, [contenteditable=true]") !== null;
}

/** A key for the inbox's shortcuts: not with a modifier, not while typing in a field, not under an open dialog. */
export function ignoresShortcut(e: KeyboardEvent): boolean {
  return e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target) || document.querySelector('[role="dialog"]') !== null;
}
