import { env } from "@/server/env";

/**
 * TEST-ONLY crash hook for server/host/app-crash-outbox.int.test.ts: SIGKILLs the whole process at a
 * named point between a database commit and the work that follows it (the engine hand-off), which
 * is the window the outbox has to survive. It is armed only when BOTH variables are set:
 * `BATON_TEST_CRASH_AT=<point>` and `BATON_TEST_CRASH_CONFIRM` equal to CONFIRM_PHRASE, which only
 * that test sets. Never set them on a real instance: the process dies mid-request by design.
 */
export type CrashPoint = "start-run-committed" | "resolve-committed";
export const CRASH_CONFIRM_PHRASE = "kill-baton-for-a-crash-test";

export function crashArmedAt(): CrashPoint | undefined {
  return env.BATON_TEST_CRASH_AT && env.BATON_TEST_CRASH_CONFIRM === CRASH_CONFIRM_PHRASE ? env.BATON_TEST_CRASH_AT : undefined;
}

export function crashPoint(point: CrashPoint): void {
  if (crashArmedAt() !== point) return;
  process.stderr.write(`[baton] TEST-ONLY crash hook: SIGKILL at ${point}\n`);
  process.kill(process.pid, "SIGKILL");
  // The signal is delivered at once; block anyway so not one more line of the request runs.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}
