/**
 * How long validation and compilation of a graph at the size cap hold the event loop. Both are
 * synchronous, so the time of one call is the time the server cannot answer anything else.
 * Run: `npx tsx bench/graph/validate.ts`. One JSON line per scenario (ms, first call and warm).
 */
import { compileGraph, GRAPH_LIMITS, validateGraph } from "@/core";
import { tiers } from "@/core/testing/graphs";
import { chainGraph, nestedLoopsGraph, nestedParallelGraph } from "@/core/testing/large-graphs";

const scenarios = {
  [`chain-${GRAPH_LIMITS.nodes}`]: () => chainGraph(GRAPH_LIMITS.nodes),
  "nested-loops-999 (1,999 nodes)": () => nestedLoopsGraph(999),
  "nested-parallel-665 (1,998 nodes)": () => nestedParallelGraph(665),
  "over-cap-chain-6000 (refused)": () => chainGraph(6000),
};

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const filter = process.argv[2];
for (const [name, make] of Object.entries(scenarios)) {
  if (filter && !name.includes(filter)) continue;
  const graph = JSON.parse(JSON.stringify(make())) as unknown;
  const firstValidate = time(() => validateGraph(graph, tiers));
  const validate: number[] = [];
  const compile: number[] = [];
  for (let i = 0; i < 10; i++) {
    validate.push(time(() => validateGraph(graph, tiers)));
    compile.push(time(() => compileGraph(graph, tiers)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      scenario: name,
      validate_first_ms: round(firstValidate),
      validate_median_ms: round(median(validate)),
      validate_max_ms: round(Math.max(...validate)),
      compile_median_ms: round(median(compile)),
      compile_max_ms: round(Math.max(...compile)),
    }),
  );
}
