/**
 * How long validation and compilation of a graph at the size cap hold the event loop. Both are
 * synchronous, so the time of one call is the time the server cannot answer anything else.
 * Run: `npx tsx bench/graph/validate.ts`. One JSON line per scenario (ms, first call and warm).
 */
import { createHash } from "node:crypto";
import { compileGraph, GRAPH_LIMITS, validateGraph } from "@/core";
import { tiers } from "@/core/testing/graphs";
import { chainGraph, nestedLoopsGraph, nestedParallelGraph } from "@/core/testing/large-graphs";

const scenarios = {
  [`chain-${GRAPH_LIMITS.nodes}`]: () => chainGraph(GRAPH_LIMITS.nodes),
  "nested-loops-999 (1,999 nodes)": () => nestedLoopsGraph(999),
  "nested-parallel-665 (1,998 nodes)": () => nestedParallelGraph(665),
  "over-cap-chain-6000 (refused)": () => chainGraph(6000),
};

/**
 * Wall time and CPU time (user + system) of one call. On a shared machine wall time includes
 * waiting for a core; CPU time is what the call costs on an idle one (plus any GC thread work).
 */
function time(fn: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
}

const filter = process.argv[2];
for (const [name, make] of Object.entries(scenarios)) {
  if (filter && !name.includes(filter)) continue;
  const graph = JSON.parse(JSON.stringify(make())) as unknown;
  const firstValidate = time(() => validateGraph(graph, tiers));
  const validate: Array<{ wall: number; cpu: number }> = [];
  const compile: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 10; i++) {
    validate.push(time(() => validateGraph(graph, tiers)));
    // As the server publishes: node:crypto's SHA-256 (the browser uses core's portable one).
    compile.push(time(() => compileGraph(graph, tiers, { sha256: (t) => createHash("sha256").update(t).digest("hex") })));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const wall = (xs: Array<{ wall: number }>) => xs.map((x) => x.wall);
  const cpu = (xs: Array<{ cpu: number }>) => xs.map((x) => x.cpu);
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      scenario: name,
      validate_first_ms: round(firstValidate.wall),
      validate_median_ms: round(median(wall(validate))),
      validate_max_ms: round(Math.max(...wall(validate))),
      validate_cpu_median_ms: round(median(cpu(validate))),
      compile_median_ms: round(median(wall(compile))),
      compile_max_ms: round(Math.max(...wall(compile))),
      compile_cpu_median_ms: round(median(cpu(compile))),
    }),
  );
}
