import { z } from "zod";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION_RE = /^(\d+(ms|s|m|h|d|w))+$/;

/** Inngest-style duration string: `30s`, `5m`, `1h30m`, `2d`. */
export const Duration = z
  .string()
  .regex(DURATION_RE, { message: 'Use a duration like "30s", "5m", "1h30m" or "2d"' });
export type Duration = z.infer<typeof Duration>;

export function durationToMs(duration: string): number {
  if (!DURATION_RE.test(duration)) throw new Error(`Invalid duration "${duration}"`);
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total;
}
