/** A bench shape, run the same way by the engine and by each peer. */
export interface Shape {
  /** e.g. `sequential-10`, `concurrent-200x10`. */
  name: string;
  /** Trivial sequential steps per run. */
  steps: number;
  /** Runs started at once. */
  runs: number;
  /** How many times the `runs` are started, one batch after the other (short runs: enough work to time). */
  repeat: number;
}

export interface ShapeResult {
  ms: number;
  /** Steps completed in `ms`. */
  steps: number;
  /**
   * CPU time of this process (user + system) over the same interval. On a shared machine this is the fairer
   * figure: wall time also counts waiting for a core. A database server's own CPU (PostgreSQL) is not in it.
   */
  cpuMs: number;
}

/** Wall and CPU time around `f`. */
export async function timed(f: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await f();
  const ms = performance.now() - started;
  const d = process.cpuUsage(cpu);
  return { ms, cpuMs: (d.user + d.system) / 1000 };
}

export const SHAPES: Shape[] = [
  { name: "sequential-10", steps: 10, runs: 1, repeat: 20 },
  { name: "sequential-100", steps: 100, runs: 1, repeat: 3 },
  { name: "sequential-1000", steps: 1000, runs: 1, repeat: 1 },
  { name: "concurrent-50x10", steps: 10, runs: 50, repeat: 1 },
  { name: "concurrent-200x10", steps: 10, runs: 200, repeat: 1 },
];

export const msPerStep = (r: ShapeResult): number => Math.round((r.ms / r.steps) * 1000) / 1000;
export const cpuMsPerStep = (r: ShapeResult): number => Math.round((r.cpuMs / r.steps) * 1000) / 1000;
export const stepsPerS = (r: ShapeResult): number => Math.round(r.steps / (r.ms / 1000));
